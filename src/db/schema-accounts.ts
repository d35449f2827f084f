import type { Generated } from 'kysely';

/** Tables of people and access: users, organizations, memberships, sign-ins, tokens, invitations. */

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  failed_login_count: Generated<number>;
  locked_until: string | null;
  /** 1 when the person wants their notifications by email too (0018). */
  email_notifications: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Wrong passwords per account and source (`ip:…`, `telegram:…`), and the pause they earned. */
export interface SignInThrottlesTable {
  user_id: number;
  source: string;
  failures: number;
  locked_until: string | null;
  last_failure_at: string;
}

export interface OrganizationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** JSON: OrganizationSettings */
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: Generated<number>;
  user_id: number;
  organization_id: number;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_used_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  organization_id: number;
  name: string;
  token_hash: string;
  /** First characters of the token, shown in lists so people can tell tokens apart. */
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  organization_id: number;
  email: string;
  role: string;
  token_hash: string;
  /** The token of the link sent by email, when SMTP was set; only it may create a new account. */
  email_token_hash: string | null;
  invited_by: number;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

/** A one-time password reset link, stored as the hash of its token. */
export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  /** The owner who sent it, or null when the person asked for it (or the operator made it). */
  requested_by: number | null;
  /** Where the request came from (`ip:…`, `owner:<id>`, `cli`), for throttling. */
  requested_from: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
