import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/secrets.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import { addMinutes } from '../domain/time.ts';
import { actorFor } from './actors.ts';
import { recordAudit } from './audit.ts';
import type { CrmDeps } from './deps.ts';
import { type CredentialKind, requireSession } from './sessions.ts';

/**
 * One-time codes that link a Telegram chat to the person who asked for the code on the web, so nobody has to
 * type a password into a chat. A code is stored only as its hash, lives ten minutes and works once; asking for
 * a new one retires the old ones.
 */

export const LINK_CODE_MINUTES = 10;

/** Telegram's deep-link parameter allows A-Z, a-z, 0-9, _ and - (up to 64); 96 random bits fit in 16. */
const CODE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether a text could be a link code, before any database work. */
export function looksLikeLinkCode(text: string): boolean {
  return CODE_PATTERN.test(text);
}

/**
 * Signs out every Telegram chat signed in as a user (for every bot), and retires their unused link codes;
 * returns how many chats. The chats forget any sign-in or confirmation in progress, as a /logout does.
 */
export async function unlinkChatsOf(db: Db, userId: number, now: string): Promise<number> {
  await db
    .updateTable('telegram_link_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  const result = await db
    .updateTable('telegram_chats')
    .set({
      user_id: null,
      telegram_user_id: null,
      organization_id: null,
      linked_at: null,
      login_step: null,
      login_email: null,
      login_expires_at: null,
      confirmation_id: null,
      more_pages: null,
      updated_at: now,
    })
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Link codes: asked for by a signed-in person, redeemed by a chat that is not signed in yet. */
export function telegramLinksService({ db, clock }: CrmDeps) {
  return {
    /**
     * A new code for the actor in the organization they act in; earlier unused codes stop working. Needs a
     * session (403 for an API token): a linked chat would keep working after the token is revoked.
     */
    async createCode(actor: Actor, credential: CredentialKind): Promise<{ code: string; expiresAt: string }> {
      requireSession(credential, 'link a Telegram chat');
      const code = randomBytes(12).toString('base64url');
      const now = clock();
      const at = now.toISOString();
      const expiresAt = addMinutes(now, LINK_CODE_MINUTES).toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('telegram_link_codes')
          .set({ used_at: at })
          .where('user_id', '=', actor.userId)
          .where('used_at', 'is', null)
          .execute();
        await trx
          .insertInto('telegram_link_codes')
          .values({
            code_hash: hashSecret(code),
            user_id: actor.userId,
            organization_id: actor.organizationId,
            created_at: at,
            expires_at: expiresAt,
            used_at: null,
          })
          .execute();
        await recordAudit(trx, actor, at, {
          action: 'create',
          entity: 'telegram_link_code',
          entityId: null,
          after: { expiresAt },
        });
      });
      return { code, expiresAt };
    },

    /**
     * Pre-authentication: uses a code up and returns the actor the chat acts as, or null when the code is
     * unknown, used, expired, or its person has left that organization. One statement claims the code, so two
     * chats racing with the same code cannot both win.
     */
    async redeem(code: string): Promise<Actor | null> {
      if (!looksLikeLinkCode(code)) return null;
      const now = clock().toISOString();
      const row = await db
        .updateTable('telegram_link_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hashSecret(code))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['user_id', 'organization_id'])
        .executeTakeFirst();
      if (!row) return null;
      try {
        return await actorFor(db, row.user_id, 'telegram', { organizationId: row.organization_id });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return null;
      }
    },
  };
}
