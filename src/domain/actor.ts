export const ROLES = ['owner', 'employee', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['web', 'api', 'cli', 'telegram', 'mcp', 'assistant', 'system'] as const;
export type Via = (typeof CHANNELS)[number];

export type EmployeeVisibility = 'all' | 'assigned';

export interface OrganizationSettings {
  employeeVisibility: EmployeeVisibility;
  currency: string;
  timezone: string;
}

export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettings = {
  employeeVisibility: 'all',
  currency: 'USD',
  timezone: 'UTC',
};

/** Who is acting, in which organization, and through which channel. Every service call takes one. */
export interface Actor {
  userId: number;
  organizationId: number;
  role: Role;
  via: Via;
  /** The model's name when an assistant acts for the user. */
  model?: string;
  settings: OrganizationSettings;
}

export function parseSettings(json: string): OrganizationSettings {
  let raw: Partial<OrganizationSettings> = {};
  try {
    raw = JSON.parse(json) as Partial<OrganizationSettings>;
  } catch {
    // A broken settings column must not lock an organization out; defaults apply.
  }
  return { ...DEFAULT_ORGANIZATION_SETTINGS, ...raw };
}
