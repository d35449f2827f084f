import type { Composer } from 'grammy';
import type { Attachment } from '../assistant/attachments.ts';
import type { Actor } from '../domain/actor.ts';
import type { BotContext } from './bot-context.ts';
import { downloadFile } from './files.ts';
import { html } from './format.ts';
import { incomingOf } from './media.ts';
import { sendHtml, showTyping } from './send-html.ts';

/**
 * Photos, voice notes, audio, documents and captioned videos. These handlers run in the worker, from the
 * durable inbox, like every other; the webhook route only stores updates, so no download ever holds up its
 * answer to Telegram.
 */

export type AskWithFile = (
  ctx: BotContext,
  actor: Actor,
  text: string,
  attachment?: Attachment,
) => Promise<void>;

/** Files read from one chat within a burst; the rest of the burst is declined rather than queued up. */
export const MAX_FILES_AT_ONCE = 3;
/** Files whose messages were sent within this many seconds of each other count as sent at once. */
export const BURST_SECONDS = 30;
/** Chats remembered before the stale ones are forgotten. */
const REMEMBERED_CHATS = 1000;

export const ONE_AT_A_TIME =
  `I read up to ${MAX_FILES_AT_ONCE} files sent together, so I skipped this one and the others sent with ` +
  'it. Send them again one at a time, once I have answered.';

/**
 * Bounds the files one chat gets read at once. The inbox already hands a chat's updates over one at a time;
 * this keeps an album of twenty cards from occupying the worker for minutes. It goes by when each message
 * was sent, not when it is handled, so a backlog read later is still recognised as one burst. Per process.
 */
export function burstLimit(max = MAX_FILES_AT_ONCE, windowSeconds = BURST_SECONDS) {
  const chats = new Map<number, { read: number[]; toldAt: number | null }>();
  const forgetStale = (now: number) => {
    for (const [chatId, seen] of chats) {
      if ((seen.read.at(-1) ?? 0) < now - windowSeconds) chats.delete(chatId);
    }
  };
  return {
    /** 'read' the file, 'tell' the chat the rest of its burst is skipped, or skip it 'quietly' (told once). */
    admit(chatId: number, sentAt: number): 'read' | 'tell' | 'quietly' {
      if (chats.size > REMEMBERED_CHATS) forgetStale(sentAt);
      const seen = chats.get(chatId) ?? { read: [], toldAt: null };
      chats.set(chatId, seen);
      seen.read = seen.read.filter((at) => at > sentAt - windowSeconds);
      if (seen.read.length < max) {
        seen.read.push(sentAt);
        return 'read';
      }
      if (seen.toldAt !== null && seen.toldAt > sentAt - windowSeconds) return 'quietly';
      seen.toldAt = sentAt;
      return 'tell';
    },
  };
}

/** Registers the handler for messages that carry a file; others pass on to the handlers after it. */
export function fileMessages(
  bot: Composer<BotContext>,
  deps: { ask: AskWithFile; refuseStranger: (ctx: BotContext) => Promise<void> },
): void {
  const bursts = burstLimit();

  bot.on('message', async (ctx, next) => {
    const caption = ctx.parley.text ?? ctx.message.caption ?? '';
    const incoming = incomingOf(ctx.message, caption);
    if (!incoming) return next();
    const actor = ctx.parley.actor;
    // Nothing is downloaded for a chat that is not signed in.
    if (!actor) return deps.refuseStranger(ctx);
    if (incoming.does === 'refuse') return sendHtml(ctx, html`${incoming.reply}`);
    if (incoming.does === 'caption') return deps.ask(ctx, actor, incoming.caption);

    const admitted = bursts.admit(ctx.parley.chat.chatId, ctx.message.date);
    if (admitted === 'tell') await sendHtml(ctx, html`${ONE_AT_A_TIME}`);
    if (admitted !== 'read') return;

    const { file } = incoming;
    // Shown at once: a download is always felt, unlike most text answers.
    const stopTyping = showTyping(ctx, 0);
    let bytes: Uint8Array;
    try {
      bytes = await downloadFile(ctx.api, file.fileId);
    } finally {
      stopTyping();
    }
    await deps.ask(ctx, actor, incoming.caption, {
      kind: file.kind,
      mediaType: file.mediaType,
      name: file.name,
      bytes,
    });
  });
}
