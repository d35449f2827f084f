import type { Db } from '../../db/index.ts';
import { type InboxStatus, isFailed, isOpen } from './inbox.ts';

/** What the status endpoint reports about the inbox, each part read from its partial index. */
export async function inboxCounts(db: Db, botId: number) {
  const open = await db
    .selectFrom('telegram_updates')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('bot_id', '=', botId)
    .where(isOpen)
    .groupBy('status')
    .execute();
  const count = (status: InboxStatus) => Number(open.find((r) => r.status === status)?.n ?? 0);
  const failed = await db
    .selectFrom('telegram_updates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bot_id', '=', botId)
    .where(isFailed)
    .executeTakeFirstOrThrow();
  const lastError = await db
    .selectFrom('telegram_updates')
    .select(['last_error', 'finished_at', 'update_id'])
    .where('bot_id', '=', botId)
    .where(isFailed)
    .orderBy('update_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    waiting: count('received'),
    processing: count('processing'),
    failed: Number(failed.n),
    lastFailure: lastError ? { updateId: Number(lastError.update_id), error: lastError.last_error } : null,
  };
}
