import { randomBytes } from 'node:crypto';
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { BotContext } from './bot-context.ts';
import { chunkHtml, type SafeHtml } from './format.ts';
import type { ChatStore } from './store/index.ts';

/** Sending helpers: everything goes out as HTML, cut to Telegram's size, long answers a page at a time. */

const SEND_OPTIONS = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** Calls whose failure must not stop the update (an old callback query, a message already deleted). */
export async function quietly(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch {
    // Cosmetic: the person sees the answer either way.
  }
}

export async function sendHtml(
  ctx: BotContext,
  content: SafeHtml,
  markup?: InlineKeyboardMarkup,
): Promise<void> {
  const chunks = chunkHtml(content);
  for (const [i, chunk] of chunks.entries()) {
    const last = i === chunks.length - 1;
    await ctx.reply(chunk, { ...SEND_OPTIONS, ...(last && markup ? { reply_markup: markup } : {}) });
  }
}

function moreButton(key: string, left: number): InlineKeyboardMarkup {
  return new InlineKeyboard().text(`More (${left} left)`, `more:${key}`);
}

/** The first page of a long answer, with a "More" button that sends the next. */
export async function sendPaged(ctx: BotContext, chats: ChatStore, content: SafeHtml): Promise<void> {
  const [first, ...rest] = chunkHtml(content);
  if (first === undefined) return;
  if (rest.length === 0) {
    await ctx.reply(first, SEND_OPTIONS);
    return;
  }
  const key = randomBytes(6).toString('base64url');
  await chats.setMore(ctx.parley.chat.chatId, { key, pages: rest });
  await ctx.reply(first, { ...SEND_OPTIONS, reply_markup: moreButton(key, rest.length) });
}

/** Answers a "More" button: the next page, or a note that the list is gone. */
export async function sendNextPage(ctx: BotContext, chats: ChatStore, key: string): Promise<void> {
  const more = ctx.parley.chat.more;
  await quietly(() => ctx.editMessageReplyMarkup());
  if (!more || more.key !== key || more.pages.length === 0) {
    await quietly(() => ctx.answerCallbackQuery('That list is no longer available; ask again.'));
    return;
  }
  await quietly(() => ctx.answerCallbackQuery());
  const [page, ...rest] = more.pages;
  await chats.setMore(ctx.parley.chat.chatId, rest.length > 0 ? { key, pages: rest } : null);
  await ctx.reply(page!, {
    ...SEND_OPTIONS,
    ...(rest.length > 0 ? { reply_markup: moreButton(key, rest.length) } : {}),
  });
}

export async function editHtml(ctx: BotContext, content: SafeHtml): Promise<boolean> {
  const chunks = chunkHtml(content);
  if (chunks.length !== 1) return false;
  try {
    await ctx.editMessageText(chunks[0]!, SEND_OPTIONS);
    return true;
  } catch {
    return false;
  }
}

/**
 * Answers usually come within a few milliseconds (the offline engine, short queries); a typing indicator
 * for those would flicker and cost a Bot API call per message, so it appears only once the wait is felt.
 */
export const TYPING_AFTER_MS = 400;

/** "typing…" while the assistant works; Telegram shows it for five seconds, so it is repeated until done. */
export function showTyping(ctx: BotContext, afterMs = TYPING_AFTER_MS): () => void {
  const send = () => void quietly(() => ctx.replyWithChatAction('typing'));
  let repeat: NodeJS.Timeout | undefined;
  const start = () => {
    send();
    repeat = setInterval(send, 4_500).unref();
  };
  const first = afterMs > 0 ? setTimeout(start, afterMs).unref() : undefined;
  if (afterMs <= 0) start();
  return () => {
    clearTimeout(first);
    clearInterval(repeat);
  };
}
