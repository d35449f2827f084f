import type { MiddlewareFn } from 'grammy';
import type { BotContext } from './bot-context.ts';
import { quietly } from './send-html.ts';

/** Said when a button is pressed on a message outside a chat with the bot (sent inline through it). */
export const INLINE_BUTTON_REFUSED =
  'I can only act on buttons in a chat with me. Open the chat and ask there.';
/** Said when nothing else answered a button: it belongs to nothing the bot can act on now. */
export const BUTTON_NOT_ACTED_ON = 'Sorry, I cannot act on that button. Send /menu to start again.';

/**
 * Telegram shows a spinner on a pressed button until the bot answers the callback query, so every query is
 * answered: by its handler as usual, or here once the handlers are done (or failed) without answering it,
 * including the queries they never see (from inline messages, which have no chat to load).
 */
export const answerEveryCallback: MiddlewareFn<BotContext> = async (ctx, next) => {
  const query = ctx.callbackQuery;
  if (!query) return next();
  let answered = false;
  // ctx.api belongs to this update alone, so this sees only its own calls.
  ctx.api.config.use((prev, method, payload, signal) => {
    if (method === 'answerCallbackQuery') answered = true;
    return prev(method, payload, signal);
  });
  try {
    await next();
  } finally {
    if (!answered) {
      const text = query.message ? BUTTON_NOT_ACTED_ON : INLINE_BUTTON_REFUSED;
      await quietly(() => ctx.answerCallbackQuery({ text }));
    }
  }
};
