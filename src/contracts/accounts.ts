import { z } from 'zod';
import { ROLES } from '../domain/actor.ts';
import { pageOf, recordId, timestamp } from './common.ts';

/** People's own accounts: who is signed in, their sessions, personal API tokens, and invitations. */

export const role = z.enum(ROLES);

/** What the sign-in form sends; the server also bounds the password's length. */
export const signInInput = z
  .object({
    email: z.string({ error: 'Enter your email' }).trim().min(1, 'Enter your email').max(254),
    password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password'),
  })
  .strict();

export const user = z
  .object({ id: recordId, email: z.string(), name: z.string() })
  .meta({ id: 'User', description: 'A person with an account' });

export const membership = z
  .object({ organizationId: recordId, slug: z.string(), name: z.string(), role })
  .meta({ id: 'Membership', description: 'An organization the user belongs to, and their role there' });

export const account = z
  .object({
    user,
    memberships: z.array(membership),
    organization: z
      .object({ id: recordId, slug: z.string(), name: z.string() })
      .nullable()
      .describe('The organization this request acts in (chosen with the X-Parley-Org header)'),
    role: role.describe('The role in that organization'),
  })
  .meta({ id: 'Account' });

export const session = z
  .object({
    token: z
      .string()
      .describe('The session secret, also set as the parley_session cookie; send as a bearer token'),
    user,
    memberships: z.array(membership),
  })
  .meta({ id: 'Session', description: 'A new sign-in session' });

export const apiToken = z
  .object({
    id: recordId,
    name: z.string(),
    prefix: z.string().describe('The start of the token, to tell tokens apart'),
    organizationId: recordId.describe('The organization the token acts in'),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiToken', description: 'A personal API token, without its secret' });

export const newApiToken = apiToken
  .extend({ token: z.string().describe('The secret: shown this once, never again') })
  .meta({ id: 'NewApiToken', description: 'A personal API token just created, with its secret' });

export const apiTokenPage = pageOf(apiToken).meta({ id: 'ApiTokenPage' });

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;

export const invitation = z
  .object({
    id: recordId,
    email: z.string(),
    role,
    status: z.enum(INVITATION_STATUSES),
    invitedBy: recordId.describe('User id of the owner who invited'),
    createdAt: timestamp,
    expiresAt: timestamp,
    acceptedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'Invitation', description: 'An invitation as owners see it, without its token' });

export const sentInvitation = invitation
  .extend({ inviteUrl: z.string().describe('The one-time link to send the invitee; shown this once') })
  .meta({ id: 'SentInvitation', description: 'An invitation just made, with the link that accepts it' });

export const invitationPage = pageOf(invitation).meta({ id: 'InvitationPage' });

export type User = z.infer<typeof user>;
export type Membership = z.infer<typeof membership>;
export type Account = z.infer<typeof account>;
export type Session = z.infer<typeof session>;
export type ApiToken = z.infer<typeof apiToken>;
export type NewApiToken = z.infer<typeof newApiToken>;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export type Invitation = z.infer<typeof invitation>;
export type SentInvitation = z.infer<typeof sentInvitation>;
