import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/secrets.ts';
import { recordAudit } from '../crm/audit.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import { addMinutes, type Clock } from '../domain/time.ts';

/**
 * One-time codes that link a Telegram chat to the person who asked for the code on the web, so nobody has to
 * type a password into a chat. A code is stored only as its hash, lives ten minutes and works once; asking for
 * a new one retires the old ones.
 */

export const LINK_CODE_MINUTES = 10;

/** Telegram's deep-link parameter allows A-Z, a-z, 0-9, _ and - (up to 64); 96 random bits fit in 16. */
const CODE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function looksLikeLinkCode(text: string): boolean {
  return CODE_PATTERN.test(text);
}

export async function createLinkCode(db: Db, clock: Clock, actor: Actor) {
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
}

/** Uses a code up: one statement, so two chats racing with the same code cannot both win. */
export async function redeemLinkCode(
  db: Db,
  clock: Clock,
  code: string,
): Promise<{ userId: number; organizationId: number } | null> {
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
  return row ? { userId: row.user_id, organizationId: row.organization_id } : null;
}

export function deepLink(botUsername: string | null, code: string): string | null {
  return botUsername ? `https://t.me/${botUsername}?start=${code}` : null;
}
