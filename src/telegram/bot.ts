import { Bot, GrammyError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotContext, BotDeps } from './bot-context.ts';
import { answerEveryCallback } from './callbacks.ts';
import { conversationComposer, explain } from './conversation.ts';
import { escapeHtml } from './format.ts';
import { loginComposer } from './login.ts';
import { loadChat, onlyWhenAddressed } from './middleware.ts';
import { rateLimitedSender, type SenderOptions } from './sender.ts';

export interface BotOptions {
  token: string;
  apiRoot: string;
  /** Known bot details (tests, or a restart that already asked); without them `bot.init()` asks getMe. */
  botInfo?: UserFromGetMe;
  sender?: SenderOptions;
}

/**
 * The grammY bot: session loading, the group filter, sign-in, then the conversation. It never polls or
 * listens by itself; the inbox worker hands it one stored update at a time through `bot.handleUpdate`.
 */
export function createBot(opts: BotOptions, deps: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(opts.token, {
    client: { apiRoot: opts.apiRoot },
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
  });
  bot.api.config.use(
    rateLimitedSender({
      ...opts.sender,
      onUndeliverable: (chatId, description) => {
        deps.log.info('telegram chat no longer takes messages', { chatId, description });
        void deps.chats.markBlocked(chatId).catch(() => {});
        opts.sender?.onUndeliverable?.(chatId, description);
      },
    }),
  );

  bot.use(answerEveryCallback);
  bot.use(loadChat(deps));
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const message = explain(error);
      if (message === null) throw error;
      await ctx.reply(escapeHtml(message), { parse_mode: 'HTML' });
    }
  });
  bot.use(onlyWhenAddressed);
  bot.use(loginComposer(deps));
  bot.use(conversationComposer(deps));
  return bot;
}

/**
 * Telegram refused the request itself (bad request, forbidden): trying the same update again cannot help.
 * Rate limits and server errors were already retried by the sender, and are worth another go later.
 */
export function isPermanentTelegramError(error: unknown): boolean {
  const cause = (error as { error?: unknown } | null)?.error ?? error;
  return cause instanceof GrammyError && (cause.error_code === 400 || cause.error_code === 403);
}
