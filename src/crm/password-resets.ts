import type { Selectable } from 'kysely';
import { z } from 'zod';
import { hashPassword } from '../auth/passwords.ts';
import { expiresAfterMinutes, hashSecret, newSecret, RESET_PREFIX } from '../auth/secrets.ts';
import type { Db } from '../db/index.ts';
import type { UsersTable } from '../db/schema.ts';
import type { Actor, Via } from '../domain/actor.ts';
import { conflict, DomainError, notFound } from '../domain/errors.ts';
import { isoNow } from '../domain/time.ts';
import { newPassword, replacePassword } from './accounts.ts';
import { actorFor, membershipsOf } from './actors.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { enqueueEmail } from './emails.ts';
import { requireGrant } from './scope.ts';

/**
 * Account recovery: a one-time link that lets whoever can read a user's inbox choose a new password. A person
 * asks for one with their email (the answer never says whether the email has an account), an owner can send
 * one to a member, and the operator can print one (`parley user reset-password`). A link is stored only as
 * its hash, works once, and using it ends every session, Telegram sign-in and API token of the account.
 */

/** How long a link a person asked for works. */
export const RESET_MINUTES = 30;
/** How long a link an owner sent or the operator printed works: the person may read it later. */
export const SENT_RESET_MINUTES = 24 * 60;
/** Links an account gets per hour from one source (an address), and from all together. */
export const RESETS_PER_HOUR_FROM_SOURCE = 3;
export const RESETS_PER_HOUR = 6;

/** A link to one of the web app's pages, with its secret in the fragment, which browsers never send. */
export function linkTo(baseUrl: string, page: 'invite' | 'reset-password', token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${page}#${token}`;
}

/** Asking for a reset link. */
export const resetRequestInput = z
  .object({ email: z.string().trim().min(1, 'must not be empty').max(254) })
  .strict();

/** Choosing a new password with a reset link's token. */
export const resetInput = z
  .object({ token: z.string().trim().min(1, 'must not be empty').max(200), newPassword })
  .strict();

type Person = Pick<Selectable<UsersTable>, 'id' | 'email' | 'name'>;

/** Stores a new link for `user` and returns its token. */
async function storeLink(
  trx: Db,
  user: Person,
  at: Date,
  opts: { minutes: number; requestedBy: number | null; requestedFrom: string },
): Promise<{ token: string; expiresAt: string }> {
  const token = newSecret(RESET_PREFIX);
  const expiresAt = expiresAfterMinutes(at, opts.minutes);
  await trx
    .insertInto('password_resets')
    .values({
      user_id: user.id,
      token_hash: hashSecret(token),
      requested_by: opts.requestedBy,
      requested_from: opts.requestedFrom,
      created_at: at.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/** How many links an account got in the last hour, from one source or from all. */
async function recentLinks(db: Db, userId: number, since: string, source?: string): Promise<number> {
  const row = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .$if(source !== undefined, (qb) => qb.where('requested_from', '=', source!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function passwordResetsService({ db, clock, email }: CrmDeps) {
  function requireEmail(instead: string): { baseUrl: string } {
    if (!email) {
      throw conflict(`Email is not set up on this server, so reset links cannot be sent; ${instead}`);
    }
    return email;
  }

  /** Writes a link and the email that carries it, in one transaction. */
  async function sendLink(
    user: Person,
    opts: { minutes: number; requestedBy: number | null; requestedFrom: string; sentBy: string | null },
    audit?: Actor,
  ): Promise<string> {
    const { baseUrl } = requireEmail('ask whoever runs Parley');
    const at = clock();
    return db.transaction().execute(async (trx) => {
      const { token, expiresAt } = await storeLink(trx, user, at, opts);
      await enqueueEmail(trx, at.toISOString(), {
        to: user.email,
        kind: 'password_reset',
        data: {
          link: linkTo(baseUrl, 'reset-password', token),
          name: user.name,
          expiresAt,
          sentBy: opts.sentBy,
        },
      });
      if (audit) {
        await recordAudit(trx, audit, at.toISOString(), {
          action: 'update',
          entity: 'password_reset',
          entityId: user.id,
          after: { email: user.email, expiresAt },
        });
      }
      return expiresAt;
    });
  }

  async function person(userId: number): Promise<Person> {
    const user = await db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw notFound('user', userId);
    return user;
  }

  return {
    /** Whether links can be emailed (SMTP is set); without, only the operator can make one. */
    emailEnabled: email !== undefined,

    /**
     * Pre-authentication: emails a reset link to the account with this email, if there is one. Answers the
     * same whether or not there is (no account enumeration); beyond a few links an hour per account and
     * source, further requests send nothing, also silently.
     */
    async request(raw: unknown, source: string): Promise<void> {
      requireEmail('ask an owner of your organization, or whoever runs Parley, to reset it');
      const input = resetRequestInput.parse(raw);
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('email', '=', input.email.toLowerCase())
        .executeTakeFirst();
      if (!user) return;
      const hourAgo = new Date(clock().getTime() - 3_600_000).toISOString();
      if ((await recentLinks(db, user.id, hourAgo, source)) >= RESETS_PER_HOUR_FROM_SOURCE) return;
      if ((await recentLinks(db, user.id, hourAgo)) >= RESETS_PER_HOUR) return;
      await sendLink(user, {
        minutes: RESET_MINUTES,
        requestedBy: null,
        requestedFrom: source,
        sentBy: null,
      });
    },

    /**
     * An owner sends a member of their organization a reset link by email. The owner never sees the link:
     * a password an owner could choose or learn would let them act as that person, also in other
     * organizations the person belongs to.
     */
    async sendToMember(actor: Actor, userId: number): Promise<{ email: string; expiresAt: string }> {
      requireGrant(actor, 'members', 'update', 'members');
      const member = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.email', 'users.name'])
        .where('memberships.organization_id', '=', actor.organizationId)
        .where('memberships.user_id', '=', userId)
        .executeTakeFirst();
      if (!member) throw notFound('member', userId);
      requireEmail(`ask whoever runs Parley to run: parley user reset-password --email ${member.email}`);
      const hourAgo = new Date(clock().getTime() - 3_600_000).toISOString();
      if ((await recentLinks(db, member.id, hourAgo)) >= RESETS_PER_HOUR) {
        throw new DomainError(
          'rate_limited',
          `${member.email} has been sent several reset links in the last hour; ask them to use the latest`,
        );
      }
      const sentBy = (await person(actor.userId)).name;
      const expiresAt = await sendLink(
        member,
        {
          minutes: SENT_RESET_MINUTES,
          requestedBy: actor.userId,
          requestedFrom: `owner:${actor.userId}`,
          sentBy,
        },
        actor,
      );
      return { email: member.email, expiresAt };
    },

    /**
     * Pre-authentication: sets a new password with a reset link's token. The link works once and only until
     * it expires; using it retires the account's other links, clears its lockout, and signs the account out
     * everywhere (sessions, Telegram chats, API tokens), since whoever knew the old password may be among them.
     */
    async complete(raw: unknown, via: Via): Promise<void> {
      const input = resetInput.parse(raw);
      const hash = await hashPassword(input.newPassword);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        const link = await trx
          .selectFrom('password_resets')
          .selectAll()
          .where('token_hash', '=', hashSecret(input.token))
          .executeTakeFirst();
        if (!link)
          throw new DomainError('not_found', 'This password reset link is not valid; ask for a new one');
        if (link.expires_at <= now) {
          throw new DomainError('not_found', 'This password reset link has expired; ask for a new one');
        }
        // Claimed before anything changes, so a second use of the same link, even at the same moment, fails.
        const claimed = await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('id', '=', link.id)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) {
          throw conflict('This password reset link has already been used; ask for a new one if you need to');
        }
        await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('user_id', '=', link.user_id)
          .where('used_at', 'is', null)
          .execute();
        const closed = await replacePassword(trx, link.user_id, hash, now);
        await trx
          .updateTable('users')
          .set({ failed_login_count: 0, locked_until: null })
          .where('id', '=', link.user_id)
          .execute();
        await trx.deleteFrom('sign_in_throttles').where('user_id', '=', link.user_id).execute();
        // Each organization the person belongs to sees the reset in its audit log.
        for (const m of await membershipsOf(trx, link.user_id)) {
          const actor = await actorFor(trx, link.user_id, via, { organizationId: m.organizationId });
          await recordAudit(trx, actor, now, {
            action: 'update',
            entity: 'password',
            entityId: link.user_id,
            after: { reset: true, ...closed },
          });
        }
      });
    },

    /** System (the operator's CLI): a reset link for a user, printed rather than emailed. */
    async linkFor(userId: number, baseUrl: string): Promise<{ link: string; expiresAt: string }> {
      const user = await person(userId);
      const { token, expiresAt } = await db.transaction().execute((trx) =>
        storeLink(trx, user, clock(), {
          minutes: SENT_RESET_MINUTES,
          requestedBy: null,
          requestedFrom: 'cli',
        }),
      );
      return { link: linkTo(baseUrl, 'reset-password', token), expiresAt };
    },

    /** System (the operator's CLI): sets a user's password directly, closing what the old one opened. */
    async setPassword(userId: number, password: string): Promise<void> {
      const chosen = newPassword.safeParse(password);
      if (!chosen.success) {
        throw new DomainError(
          'validation_failed',
          `password ${chosen.error.issues[0]?.message ?? 'is not valid'}`,
        );
      }
      await person(userId);
      const hash = await hashPassword(password);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await replacePassword(trx, userId, hash, now);
        await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('user_id', '=', userId)
          .where('used_at', 'is', null)
          .execute();
      });
    },
  };
}
