import type { MiddlewareFn } from 'grammy';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { BotContext, BotDeps } from './bot-context.ts';
import type { ChatRecord } from './store/index.ts';

/**
 * Loads the chat and the person it acts as before any handler runs. A chat whose user has lost the
 * organization it acted in falls back to another membership, and is signed out when none is left.
 */
export function loadChat(deps: BotDeps): MiddlewareFn<BotContext> {
  const { crm, chats } = deps;

  async function actorOf(chat: ChatRecord): Promise<Actor | null> {
    if (chat.userId === null) return null;
    const userId = chat.userId;
    if (chat.membership && chat.organizationId !== null) {
      return { userId, organizationId: chat.organizationId, via: 'telegram', ...chat.membership };
    }
    try {
      const actor = await crm.account.actorFor(userId, 'telegram');
      await chats.switchOrganization(chat.chatId, actor.organizationId);
      return actor;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await chats.unlink(chat.chatId, null);
      return null;
    }
  }

  return async (ctx, next) => {
    const chat = ctx.chat;
    // Channels and updates without a chat (inline queries, polls) are nothing the bot takes part in.
    if (!chat || chat.type === 'channel') return;
    const record = await chats.touch(chat.id, chat.type);
    const group = chat.type !== 'private';
    // In a group only the person who linked it acts through it; everyone else there is a stranger.
    const sender = ctx.from?.id ?? null;
    const mayAct = !group || (record.telegramUserId !== null && record.telegramUserId === sender);
    const actor = mayAct ? await actorOf(record) : null;
    const text = ctx.message?.text ?? ctx.message?.caption ?? null;
    ctx.parley = { chat: actor || !mayAct ? record : { ...record, userId: null }, actor, group, text };
    await next();
  };
}

/**
 * In groups the bot speaks only when spoken to: a command, a message naming it, or a reply to one of its
 * messages. Everything else there is other people's conversation and is left alone.
 */
export const onlyWhenAddressed: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.parley.group || ctx.callbackQuery || ctx.myChatMember) return next();
  const message = ctx.message;
  if (!message) return;
  const username = ctx.me.username;
  // A photo or file is addressed through its caption.
  const text = message.text ?? message.caption ?? '';
  const command = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(text);
  if (command) {
    if (command[1] && command[1].toLowerCase() !== username.toLowerCase()) return;
    return next();
  }
  const mention = new RegExp(`@${username}\\b`, 'i');
  const repliesToBot = message.reply_to_message?.from?.id === ctx.me.id;
  if (!mention.test(text) && !repliesToBot) return;
  ctx.parley.text = text.replace(mention, '').replace(/\s+/g, ' ').trim();
  await next();
};
