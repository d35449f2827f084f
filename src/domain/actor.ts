import { z } from 'zod';

export const ROLES = ['owner', 'employee', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export const CHANNELS = ['web', 'api', 'cli', 'telegram', 'mcp', 'assistant', 'system'] as const;
export type Via = (typeof CHANNELS)[number];

export const EMPLOYEE_VISIBILITIES = ['all', 'assigned'] as const;
export type EmployeeVisibility = (typeof EMPLOYEE_VISIBILITIES)[number];

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

/** What a stored settings object may hold; a missing field takes its default. */
const storedSettings = z.object({
  employeeVisibility: z.enum(EMPLOYEE_VISIBILITIES).optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional(),
  timezone: z.string().min(1).optional(),
});

/** Settings read so far by their stored text: few organizations, read on every request. */
const readSettings = new Map<string, OrganizationSettings>();

/** Reports a broken settings column through Node's warnings (stderr by default). */
function warnOnStderr(_json: string, problem: string): void {
  process.emitWarning(`Organization settings ${problem}; defaults apply`, 'ParleySettingsWarning');
}

/**
 * An organization's settings from their stored JSON. Broken settings must not lock an organization out, so
 * what cannot be read falls back to its default, field by field, and is reported through `warn` once per
 * distinct text.
 */
export function parseSettings(
  json: string,
  warn: (json: string, problem: string) => void = warnOnStderr,
): OrganizationSettings {
  let settings = readSettings.get(json);
  if (!settings) {
    settings = settingsFrom(json, (problem) => warn(json, problem));
    if (readSettings.size >= 1000) readSettings.clear();
    readSettings.set(json, settings);
  }
  return { ...settings };
}

function settingsFrom(json: string, warn: (problem: string) => void): OrganizationSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    warn('are not JSON');
    return { ...DEFAULT_ORGANIZATION_SETTINGS };
  }
  const whole = storedSettings.safeParse(raw);
  if (whole.success) return { ...DEFAULT_ORGANIZATION_SETTINGS, ...whole.data };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    warn('are not an object');
    return { ...DEFAULT_ORGANIZATION_SETTINGS };
  }
  const settings = { ...DEFAULT_ORGANIZATION_SETTINGS };
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(storedSettings.shape) as (keyof OrganizationSettings)[]) {
    const field = storedSettings.shape[key].safeParse(fields[key]);
    if (!field.success) warn(`hold an invalid ${key}`);
    else if (field.data !== undefined) Object.assign(settings, { [key]: field.data });
  }
  return settings;
}
