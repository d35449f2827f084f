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

export const sessionCheck = z
  .object({
    signedIn: z.boolean(),
    account: account.nullable().describe('Who is signed in; null when the request carries no valid session'),
  })
  .meta({ id: 'SessionCheck', description: 'Whether the request is signed in, and as whom' });

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
  .extend({
    inviteUrl: z.string().describe('The one-time link to send the invitee; shown this once'),
    emailed: z
      .boolean()
      .describe(
        'Whether the invitee was also emailed a link of their own (SMTP is set); only that one can create a new account',
      ),
  })
  .meta({ id: 'SentInvitation', description: 'An invitation just made, with the link that accepts it' });

export const invitationPage = pageOf(invitation).meta({ id: 'InvitationPage' });

export const passwordResetSent = z
  .object({
    email: z.string().describe('Where the link went'),
    expiresAt: timestamp.describe('When the link stops working'),
  })
  .meta({ id: 'PasswordResetSent', description: 'A reset link was emailed to a member' });

export const passwordResetRequested = z.object({ message: z.string() }).meta({
  id: 'PasswordResetRequested',
  description: 'The same answer whether or not the email has an account',
});

export const signInOptions = z
  .object({
    passwordResetByEmail: z
      .boolean()
      .describe('Whether "forgot password" can email a reset link (the server sends email)'),
    demo: z
      .object({
        password: z.string(),
        logins: z.array(z.object({ email: z.string(), role })),
      })
      .nullable()
      .describe("The demo organization's sign-ins, only on a server running the demo; null otherwise"),
  })
  .meta({ id: 'SignInOptions', description: 'What the sign-in page may offer, before anyone signs in' });

export type User = z.infer<typeof user>;
export type Membership = z.infer<typeof membership>;
export type Account = z.infer<typeof account>;
export type Session = z.infer<typeof session>;
export type SessionCheck = z.infer<typeof sessionCheck>;
export type ApiToken = z.infer<typeof apiToken>;
export type NewApiToken = z.infer<typeof newApiToken>;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export type Invitation = z.infer<typeof invitation>;
export type SentInvitation = z.infer<typeof sentInvitation>;
export type PasswordResetSent = z.infer<typeof passwordResetSent>;
export type SignInOptions = z.infer<typeof signInOptions>;
