import type { AuditedChange, Notifications } from '../crm/notifications.ts';
import type { Clock } from '../domain/time.ts';
import { html, type SafeHtml } from './format.ts';
import type { BotStateStore, ChatStore } from './store/index.ts';

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

/** One message for one person about a change in one organization. */
export interface Notice {
  userId: number;
  organizationId: number;
  text: SafeHtml;
}

/** Reads new audit entries on a timer and sends each notice to its person's private chats. */
export function createNotifier(opts: {
  /** The bot's own state, which keeps the read position; the CRM's tables are read through `notifications`. */
  state: Pick<BotStateStore, 'notifyCursor' | 'advanceNotifyCursor'>;
  notifications: Notifications;
  clock: Clock;
  chats: ChatStore;
  send: (chatId: number, text: SafeHtml) => Promise<void>;
}) {
  const { state, notifications, chats } = opts;
  const cursor = () => state.notifyCursor();
  const advance = (from: number | null, to: number) => state.advanceNotifyCursor(from, to);

  async function nameOf(userId: number | null): Promise<string> {
    return (userId === null ? null : await notifications.userName(userId)) ?? 'someone';
  }

  async function noticesFor(entry: AuditedChange): Promise<Notice[]> {
    if (!entry.after) return [];
    const after = JSON.parse(entry.after) as AuditedRecord;
    const before = entry.before ? (JSON.parse(entry.before) as AuditedRecord) : null;
    const notices: Notice[] = [];
    const assignee = after.assignedTo ?? null;
    const newlyAssigned = assignee !== null && assignee !== (before?.assignedTo ?? null);
    if (newlyAssigned && assignee !== entry.actor_user_id) {
      const by = await nameOf(entry.actor_user_id);
      notices.push({
        userId: assignee,
        organizationId: entry.organization_id,
        text: html`📌 ${label(entry.entity, after)} was assigned to you by ${by}.`,
      });
    }
    if (entry.entity === 'issue' && entry.action === 'create') {
      if ((await notifications.roleOf(entry.actor_user_id, entry.organization_id)) === 'customer') {
        const by = await nameOf(entry.actor_user_id);
        for (const owner of await notifications.ownersOf(entry.organization_id)) {
          notices.push({
            userId: owner,
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
        await advance(null, await notifications.lastChangeId());
        return 0;
      }
      // Ids are taken when a write starts and seen when it commits, so a write can appear after one with a
      // higher id. Entries are read only once they are older than any write takes, so none is passed over.
      const settled = new Date(opts.clock().getTime() - SETTLE_MS).toISOString();
      const entries = await notifications.changesSince(from, settled, BATCH);
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
                : html`${notice.text} <i>(${await notifications.organizationName(notice.organizationId)})</i>`;
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
