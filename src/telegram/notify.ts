import type { ClaimedNotice, NoticeRecord, Notifications } from '../crm/notifications.ts';
import { html, type SafeHtml } from './format.ts';
import type { ChatStore } from './store/index.ts';

/**
 * Tells people in Telegram what concerns them: staff when a lead, deal or issue is assigned to them by
 * someone else, owners when a customer raises an issue. The services write each notice to the outbox in the
 * transaction of its change (src/crm/notifications.ts); this delivers them at least once. A notice is claimed
 * under a lease, sent to each of its person's private chats, and marked delivered only when every send was
 * taken; otherwise it is tried again later (a chat that blocked the bot is marked so and left out next time).
 * A process that dies mid-send leaves its lease to run out and the notice is sent again: a rare repeat is
 * the price of never losing one.
 */

const BATCH = 100;
/** Longer than a batch of sends takes at Telegram's pace. */
export const NOTICE_LEASE_MS = 120_000;

function label(entity: string, r: NoticeRecord): SafeHtml {
  const ref = entity === 'issue' && r.number ? r.number : `#${r.id ?? '?'}`;
  const title = r.title ?? r.name ?? '';
  return html`${entity} ${ref} <b>${title}</b>`;
}

/** Delivers due notices from the outbox on a timer, each to its person's private chats. */
export function createNotifier(opts: {
  notifications: Notifications;
  chats: Pick<ChatStore, 'privateChatsOf'>;
  send: (chatId: number, text: SafeHtml) => Promise<void>;
}) {
  const { notifications, chats } = opts;

  async function textOf(notice: ClaimedNotice): Promise<SafeHtml> {
    const by =
      (notice.actorUserId === null ? null : await notifications.userName(notice.actorUserId)) ?? 'someone';
    return notice.kind === 'assigned'
      ? html`📌 ${label(notice.entity, notice.record)} was assigned to you by ${by}.`
      : html`🆘 ${by} raised ${label('issue', notice.record)}.`;
  }

  /** Sends one notice to every chat of its person; returns how many took it, or throws the first failure. */
  async function deliver(notice: ClaimedNotice): Promise<number> {
    const text = await textOf(notice);
    let sent = 0;
    let failure: unknown = null;
    for (const chat of await chats.privateChatsOf(notice.userId)) {
      // A chat working in another organization is told which one this is about.
      const worded =
        chat.organizationId === notice.organizationId
          ? text
          : html`${text} <i>(${await notifications.organizationName(notice.organizationId)})</i>`;
      try {
        await opts.send(chat.chatId, worded);
        sent += 1;
      } catch (error) {
        // One undeliverable chat must not hold back the others; the notice is tried again for it.
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
    return sent;
  }

  return {
    /** Delivers the notices due now; returns how many messages went out. */
    async runOnce(): Promise<number> {
      let sent = 0;
      for (const notice of await notifications.claim(BATCH, NOTICE_LEASE_MS)) {
        try {
          sent += await deliver(notice);
          await notifications.delivered(notice);
        } catch (error) {
          await notifications.failed(notice, error instanceof Error ? error.message : String(error));
        }
      }
      await notifications.pruneDelivered();
      return sent;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
