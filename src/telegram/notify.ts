import type { Db } from '../db/index.ts';
import type { Clock } from '../domain/time.ts';
import { html, type SafeHtml } from './format.ts';
import type { ChatStore } from './store/index.ts';

/**
 * Tells people in Telegram what concerns them: staff when a lead, deal or issue is assigned to them by
 * someone else, owners when a customer raises an issue. It reads the audit log, which every write already
 * fills inside its own transaction, so the services need no hooks and nothing is missed while the bot is down.
 * The read position moves by compare-and-set before anything is sent, so with several processes each entry
 * is announced once (at most once: a process dying mid-send drops that notice rather than repeating it).
 */

const BATCH = 200;
const WATCHED = ['lead', 'deal', 'issue'];

interface AuditedRecord {
  id?: number;
  title?: string;
  name?: string;
  number?: string;
  assignedTo?: number | null;
}

function label(entity: string, r: AuditedRecord): SafeHtml {
  const ref = entity === 'issue' && r.number ? r.number : `#${r.id ?? '?'}`;
  const title = r.title ?? r.name ?? '';
  return html`${entity} ${ref} <b>${title}</b>`;
}

/** Longer than any write transaction takes; a notice arrives this much later than its change. */
export const SETTLE_MS = 3_000;

export interface Notice {
  userId: number;
  organizationId: number;
  text: SafeHtml;
}

export function createNotifier(opts: {
  db: Db;
  clock: Clock;
  botId: number;
  chats: ChatStore;
  send: (chatId: number, text: SafeHtml) => Promise<void>;
}) {
  const { db, botId, chats } = opts;

  async function cursor(): Promise<number | null> {
    const row = await db
      .selectFrom('telegram_bot_state')
      .select('notify_cursor')
      .where('bot_id', '=', botId)
      .executeTakeFirst();
    return row?.notify_cursor ?? null;
  }

  async function advance(from: number | null, to: number): Promise<boolean> {
    let q = db.updateTable('telegram_bot_state').set({ notify_cursor: to }).where('bot_id', '=', botId);
    q = from === null ? q.where('notify_cursor', 'is', null) : q.where('notify_cursor', '=', from);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async function roleOf(userId: number | null, organizationId: number): Promise<string | null> {
    if (userId === null) return null;
    const row = await db
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', userId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return row?.role ?? null;
  }

  async function organizationName(id: number): Promise<string> {
    const row = await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? '';
  }

  async function namesOf(userId: number | null) {
    if (userId === null) return 'someone';
    const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
    return row?.name ?? 'someone';
  }

  async function noticesFor(entry: {
    organization_id: number;
    actor_user_id: number | null;
    action: string;
    entity: string;
    before: string | null;
    after: string | null;
  }): Promise<Notice[]> {
    if (!entry.after) return [];
    const after = JSON.parse(entry.after) as AuditedRecord;
    const before = entry.before ? (JSON.parse(entry.before) as AuditedRecord) : null;
    const notices: Notice[] = [];
    const assignee = after.assignedTo ?? null;
    const newlyAssigned = assignee !== null && assignee !== (before?.assignedTo ?? null);
    if (newlyAssigned && assignee !== entry.actor_user_id) {
      const by = await namesOf(entry.actor_user_id);
      notices.push({
        userId: assignee,
        organizationId: entry.organization_id,
        text: html`📌 ${label(entry.entity, after)} was assigned to you by ${by}.`,
      });
    }
    if (entry.entity === 'issue' && entry.action === 'create') {
      if ((await roleOf(entry.actor_user_id, entry.organization_id)) === 'customer') {
        const by = await namesOf(entry.actor_user_id);
        const owners = await db
          .selectFrom('memberships')
          .select('user_id')
          .where('organization_id', '=', entry.organization_id)
          .where('role', '=', 'owner')
          .execute();
        for (const o of owners) {
          notices.push({
            userId: o.user_id,
            organizationId: entry.organization_id,
            text: html`🆘 ${by} raised ${label('issue', after)}.`,
          });
        }
      }
    }
    return notices;
  }

  return {
    /** Announces what the audit log gained since last time; returns how many messages went out. */
    async runOnce(): Promise<number> {
      const from = await cursor();
      if (from === null) {
        // The first run starts from now: history is not news.
        const last = await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst();
        await advance(null, Number(last?.id ?? 0));
        return 0;
      }
      // Ids are taken when a write starts and seen when it commits, so a write can appear after one with a
      // higher id. Entries are read only once they are older than any write takes, so none is passed over.
      const settled = new Date(opts.clock().getTime() - SETTLE_MS).toISOString();
      const entries = await db
        .selectFrom('audit_log')
        .select(['id', 'organization_id', 'actor_user_id', 'action', 'entity', 'before', 'after'])
        .where('id', '>', from)
        .where('created_at', '<=', settled)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      const last = entries.at(-1);
      if (!last || !(await advance(from, last.id))) return 0;
      let sent = 0;
      for (const entry of entries.filter((e) => WATCHED.includes(e.entity))) {
        for (const notice of await noticesFor(entry)) {
          for (const chat of await chats.privateChatsOf(notice.userId)) {
            // A chat working in another organization is told which one this is about.
            const text =
              chat.organizationId === notice.organizationId
                ? notice.text
                : html`${notice.text} <i>(${await organizationName(notice.organizationId)})</i>`;
            try {
              await opts.send(chat.chatId, text);
              sent += 1;
            } catch {
              // One undeliverable chat (blocked, gone) must not hold back the others.
            }
          }
        }
      }
      return sent;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
