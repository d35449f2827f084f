import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { LockoutPolicy } from '../auth/lockout.ts';
import { hashPassword } from '../auth/passwords.ts';
import { expiresAfter, hashSecret, INVITATION_PREFIX, newSecret } from '../auth/secrets.ts';
import { INVITATION_STATUSES, type Invitation, type InvitationStatus } from '../contracts/accounts.ts';
import type { Db } from '../db/index.ts';
import type { InvitationsTable } from '../db/schema.ts';
import { type Actor, ROLES, type Role, type Via } from '../domain/actor.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../domain/errors.ts';
import { type Clock, isoNow } from '../domain/time.ts';
import { newPassword } from './accounts.ts';
import { actorFor } from './actors.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { enqueueEmail } from './emails.ts';
import { email, optionalText } from './fields.ts';
import { listQuery, paginate, sortable } from './list.ts';
import { linkTo } from './password-resets.ts';
import { revokeOnce } from './revocation.ts';
import { requireGrant } from './scope.ts';
import { givenPassword, verifyWithLockout } from './sign-in.ts';

/**
 * Invitations bring people into an organization: an owner invites an email with a role, the invitee opens a
 * one-time link and either creates an account or, when the email already has one, proves it with its password.
 */

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;

/** Inviting an email with a role. */
export const invitationInput = z.object({ email, role: z.enum(ROLES) }).strict();

const SORT = sortable(['created_at']);
/** Listing invitations, optionally by status. */
export const invitationListQuery = listQuery(SORT, { status: z.enum(INVITATION_STATUSES).optional() });

/** Accepting an invitation: its token, and the password (and, for a new account, the name). */
export const acceptInput = z
  .object({
    token: z.string().trim().min(1, 'Enter the invitation code').max(200),
    /** Only needed when the invitation creates a new account. */
    name: optionalText(200),
    password: givenPassword,
  })
  .strict();

type InvitationRow = Selectable<InvitationsTable>;

function statusOf(r: InvitationRow, now: string): InvitationStatus {
  if (r.accepted_at) return 'accepted';
  if (r.revoked_at) return 'revoked';
  return r.expires_at <= now ? 'expired' : 'pending';
}

/** An invitation as owners see it, with its status at `now`; never its token. */
export function toInvitation(r: InvitationRow, now: string): Invitation {
  return {
    id: r.id,
    email: r.email,
    role: r.role as Role,
    status: statusOf(r, now),
    invitedBy: r.invited_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    revokedAt: r.revoked_at,
  };
}

/**
 * The owner's side (invite, list, revoke; the `members` permission area) and the invitee's (accept, before
 * they have an account or a session).
 */
export function invitationsService({ db, clock, email }: CrmDeps) {
  return {
    /**
     * Returns the invitation with its token, which exists only here: the database keeps its hash. When email
     * is set up, the invitee is also emailed a link with a second token of its own, which only their inbox
     * receives: only that link can create a new account (the owner's copy works for an existing account).
     */
    async invite(actor: Actor, raw: unknown): Promise<Invitation & { token: string; emailed: boolean }> {
      requireGrant(actor, 'members', 'create', 'invitations');
      const input = invitationInput.parse(raw);
      const member = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('memberships.id')
        .where('memberships.organization_id', '=', actor.organizationId)
        .where('users.email', '=', input.email)
        .executeTakeFirst();
      if (member) throw conflict(`${input.email} is already a member of this organization`);
      const token = newSecret(INVITATION_PREFIX);
      const emailToken = email ? newSecret(INVITATION_PREFIX) : null;
      const now = clock();
      const at = now.toISOString();
      return db.transaction().execute(async (trx) => {
        // A new invitation replaces any still-open one for the same email, so only the latest link works.
        await trx
          .updateTable('invitations')
          .set({ revoked_at: at })
          .where('organization_id', '=', actor.organizationId)
          .where('email', '=', input.email)
          .where('accepted_at', 'is', null)
          .where('revoked_at', 'is', null)
          .execute();
        const row = await trx
          .insertInto('invitations')
          .values({
            organization_id: actor.organizationId,
            email: input.email,
            role: input.role,
            token_hash: hashSecret(token),
            email_token_hash: emailToken === null ? null : hashSecret(emailToken),
            invited_by: actor.userId,
            created_at: at,
            expires_at: expiresAfter(now, INVITATION_TTL_DAYS),
            accepted_at: null,
            revoked_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const invitation = toInvitation(row, at);
        await recordAudit(trx, actor, at, {
          action: 'invite',
          entity: 'invitation',
          entityId: row.id,
          after: invitation,
        });
        if (email && emailToken) {
          await enqueueEmail(trx, at, {
            to: input.email,
            kind: 'invitation',
            data: {
              link: linkTo(email.baseUrl, 'invite', emailToken),
              ...(await invitationWords(trx, actor)),
              role: input.role,
              expiresAt: row.expires_at,
            },
          });
        }
        return { ...invitation, token, emailed: email !== undefined };
      });
    },

    async list(actor: Actor, raw: unknown) {
      requireGrant(actor, 'members', 'read', 'invitations');
      const p = invitationListQuery.parse(raw);
      const now = isoNow(clock);
      let q = db.selectFrom('invitations').selectAll().where('organization_id', '=', actor.organizationId);
      if (p.status === 'accepted') q = q.where('accepted_at', 'is not', null);
      if (p.status === 'revoked') q = q.where('accepted_at', 'is', null).where('revoked_at', 'is not', null);
      if (p.status === 'pending' || p.status === 'expired') {
        q = q
          .where('accepted_at', 'is', null)
          .where('revoked_at', 'is', null)
          .where('expires_at', p.status === 'pending' ? '>' : '<=', now);
      }
      const page = await paginate(q, p, SORT);
      return { items: page.items.map((r) => toInvitation(r, now)), nextCursor: page.nextCursor };
    },

    /** Withdraws an open invitation; withdrawing one twice is harmless, an accepted one is a conflict. */
    async revoke(actor: Actor, invitationId: number): Promise<void> {
      requireGrant(actor, 'members', 'delete', 'invitations');
      const now = isoNow(clock);
      await revokeOnce(db, actor, now, {
        entity: 'invitation',
        load: (trx) =>
          trx
            .selectFrom('invitations')
            .selectAll()
            .where('id', '=', invitationId)
            .where('organization_id', '=', actor.organizationId)
            .executeTakeFirst(),
        missing: notFound('invitation', invitationId),
        refuse: (row) => {
          if (row.accepted_at) {
            throw conflict('This invitation has already been accepted; remove the member instead');
          }
        },
        revoke: (trx, id) =>
          trx
            .updateTable('invitations')
            .set({ revoked_at: now })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow(),
        view: (row) => toInvitation(row, now),
      });
    },

    /**
     * Pre-authentication: accepts an invitation for whoever holds its token. A new email gets an account with
     * `name` and `password`; an existing account must give its current password (counted by the lockout like
     * a sign-in). Returns the user to sign in.
     */
    accept: (raw: unknown, policy: LockoutPolicy, via: Via) => acceptInvitation(db, clock, policy, raw, via),
  };
}

/** Who is inviting, and to where, as the invitation email names them. */
async function invitationWords(trx: Db, actor: Actor): Promise<{ organization: string; invitedBy: string }> {
  const org = await trx
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', actor.organizationId)
    .executeTakeFirstOrThrow();
  const by = await trx
    .selectFrom('users')
    .select('name')
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  return { organization: org.name, invitedBy: by.name };
}

/** The invitation a token opens, and whether the token is the emailed one (proof of the inbox). */
async function openInvitation(
  db: Db,
  token: string,
  now: string,
): Promise<{ row: InvitationRow; fromInbox: boolean }> {
  const hash = hashSecret(token);
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where((eb) => eb.or([eb('token_hash', '=', hash), eb('email_token_hash', '=', hash)]))
    .executeTakeFirst();
  if (!row || row.revoked_at) {
    throw notFound(
      'This invitation link is not valid (it may have been withdrawn); ask for a new invitation',
    );
  }
  if (row.accepted_at) throw conflict('This invitation has already been used; sign in instead');
  if (row.expires_at <= now) {
    throw notFound(
      `This invitation expired at ${row.expires_at}; ask the person who invited you for a new one`,
    );
  }
  return { row, fromInbox: row.email_token_hash === hash };
}

/** Checks what a new account needs (a name and an acceptable password) and hashes the password. */
async function newAccountPassword(input: z.infer<typeof acceptInput>): Promise<string> {
  const problems: { path: string; message: string }[] = [];
  if (!input.name) problems.push({ path: 'name', message: 'is required to create your account' });
  const chosen = newPassword.safeParse(input.password);
  if (!chosen.success) {
    problems.push(...chosen.error.issues.map((i) => ({ path: 'password', message: i.message })));
  }
  if (problems.length) {
    throw invalid(`Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  return hashPassword(input.password);
}

/** Makes the invitee a member with the invited role, audited as the invitee's own act. */
async function joinOrganization(
  trx: Db,
  invitation: InvitationRow,
  user: { id: number; name: string },
  now: string,
  via: Via,
): Promise<void> {
  const already = await trx
    .selectFrom('memberships')
    .select('id')
    .where('organization_id', '=', invitation.organization_id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (already)
    throw conflict(`${invitation.email} is already a member of this organization; sign in instead`);
  await trx
    .insertInto('memberships')
    .values({
      user_id: user.id,
      organization_id: invitation.organization_id,
      role: invitation.role,
      created_at: now,
    })
    .execute();
  const actor = await actorFor(trx, user.id, via, { organizationId: invitation.organization_id });
  await recordAudit(trx, actor, now, {
    action: 'create',
    entity: 'member',
    entityId: user.id,
    after: {
      userId: user.id,
      email: invitation.email,
      name: user.name,
      role: invitation.role,
      joinedAt: now,
      invitationId: invitation.id,
    },
  });
}

async function acceptInvitation(
  db: Db,
  clock: Clock,
  policy: LockoutPolicy,
  raw: unknown,
  via: Via,
): Promise<{ userId: number; organizationId: number }> {
  const input = acceptInput.parse(raw);
  const { row: invitation, fromInbox } = await openInvitation(db, input.token, isoNow(clock));
  const existing = await db
    .selectFrom('users')
    .select(['id', 'name', 'password_hash', 'failed_login_count', 'locked_until'])
    .where('email', '=', invitation.email)
    .executeTakeFirst();

  let passwordHash: string | null = null;
  if (existing) {
    if (!(await verifyWithLockout(db, clock, policy, existing, input.password, 'invitation'))) {
      throw new DomainError(
        'unauthenticated',
        `${invitation.email} already has an account: enter that account's password to accept`,
      );
    }
  } else {
    // A new account takes the email as its name for good; only the link that went to that inbox proves the
    // invitee controls it. Invitations made without email (no SMTP) have no such link and trust the owner.
    if (invitation.email_token_hash !== null && !fromInbox) {
      throw forbidden(
        `This invitation was emailed to ${invitation.email}. To create your account, open the link in that email: it shows the address is yours.`,
      );
    }
    passwordHash = await newAccountPassword(input);
  }

  const now = isoNow(clock);
  return db.transaction().execute(async (trx) => {
    // Claiming the invitation first makes a second, simultaneous accept of the same link fail cleanly.
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: now })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw conflict('This invitation has already been used; sign in instead');

    const user =
      existing ??
      (await trx
        .insertInto('users')
        .values({
          email: invitation.email,
          name: input.name!,
          password_hash: passwordHash,
          locked_until: null,
          created_at: now,
          updated_at: now,
        })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow());
    await joinOrganization(trx, invitation, user, now, via);
    return { userId: user.id, organizationId: invitation.organization_id };
  });
}
