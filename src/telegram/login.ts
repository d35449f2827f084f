import { Composer, type MiddlewareFn } from 'grammy';
import { z } from 'zod';
import { chatSource } from '../auth/lockout.ts';
import { LINK_CODE_MINUTES } from '../crm/telegram-links.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import { addMinutes } from '../domain/time.ts';
import type { BotContext, BotDeps } from './bot-context.ts';
import { html, joinHtml, type SafeHtml } from './format.ts';
import { helpFor, signInHelp } from './help.ts';
import { sendHtml } from './send-html.ts';

/**
 * Signing a chat in and out. Two ways in: a one-time code from the web (`/start CODE` from the deep link, or
 * `/link CODE`), or email and password typed here in a private chat. Every message sent while a password is
 * awaited is deleted before anything else happens, whatever becomes of the sign-in (refused, locked, lapsed),
 * and the person is asked to delete it when the bot cannot; a pending sign-in lapses after ten minutes; three
 * wrong passwords in a row pause this chat for that account (docs/security.md), and count towards the
 * account-wide lock.
 */

export const LOGIN_MINUTES = 10;
/** Wrong passwords in a row from one chat that pause that chat's sign-in to the account. */
export const TELEGRAM_MAX_FAILURES = 3;

const email = z.email();

function isCommand(text: string, name: string): boolean {
  return new RegExp(`^/${name}(@\\w+)?(\\s|$)`, 'i').test(text);
}

/** What a chat is told when it is signed in: who, where, and what it can do. */
export async function welcome(deps: BotDeps, actor: Actor): Promise<SafeHtml> {
  const account = await deps.crm.account.get(actor);
  const others =
    account.memberships.length > 1 ? html`\nYou belong to several organizations: /switch changes.` : '';
  return joinHtml([
    html`Signed in as <b>${account.user.name}</b> (${account.user.email}), ${actor.role} of <b>${account.organization?.name ?? ''}</b>.${others}`,
    '',
    helpFor(actor.role, null),
  ]);
}

/**
 * Deletes a message that may hold a password. Telegram can refuse (a message older than 48 hours, a chat
 * where the bot lacks the right): then the failure is logged, without the text, and the person is told.
 */
async function deletePasswordMessage(ctx: BotContext, deps: BotDeps): Promise<void> {
  try {
    await ctx.deleteMessage();
  } catch (error) {
    deps.log.warn('telegram message that may hold a password could not be deleted', {
      chatId: ctx.parley.chat.chatId,
      messageId: ctx.msgId,
      error: (error as Error).message,
    });
    await sendHtml(
      ctx,
      html`I could not delete your message, and it may hold your password: please delete it yourself.`,
    );
  }
}

/** The steps of signing a chat in, used by the commands and by a sign-in in progress. */
function signInSteps(deps: BotDeps) {
  const { crm, clock, chats } = deps;

  async function linkByCode(ctx: BotContext, code: string): Promise<void> {
    const actor = await crm.telegramLinks.redeem(code);
    if (!actor) {
      await sendHtml(
        ctx,
        html`That link code does not work: codes last ${LINK_CODE_MINUTES} minutes and work once. Ask the web app for a new one.`,
      );
      return;
    }
    await chats.link(ctx.parley.chat.chatId, ctx.from?.id ?? null, actor);
    await sendHtml(ctx, await welcome(deps, actor));
  }

  async function askForEmail(ctx: BotContext): Promise<void> {
    const expires = addMinutes(clock(), LOGIN_MINUTES).toISOString();
    await chats.startLogin(ctx.parley.chat.chatId, 'email', null, expires);
    await sendHtml(ctx, html`What is the email address of your Parley account? (/cancel to stop)`);
  }

  async function askForPassword(ctx: BotContext, address: string): Promise<void> {
    const expires = addMinutes(clock(), LOGIN_MINUTES).toISOString();
    await chats.startLogin(ctx.parley.chat.chatId, 'password', address, expires);
    await sendHtml(
      ctx,
      html`Now send your password for <b>${address}</b>. I delete your message as soon as it arrives. (/cancel to stop)`,
    );
  }

  async function checkPassword(ctx: BotContext, address: string, password: string): Promise<void> {
    const chatId = ctx.parley.chat.chatId;
    // The password must not stay in the chat history whatever happens next.
    await deletePasswordMessage(ctx, deps);
    try {
      // Counted per chat: guesses typed here pause this chat, not the person's sign-in elsewhere.
      const user = await crm.account.signIn(address, password, deps.lockout, chatSource(chatId));
      await chats.endLogin(chatId);
      const memberships = await crm.account.membershipsOfUser(user.id);
      const first = memberships[0];
      if (!first) {
        await sendHtml(
          ctx,
          html`Your account does not belong to any organization yet; ask an owner to invite you.`,
        );
        return;
      }
      const actor = await crm.account.actorFor(user.id, 'telegram', { organizationId: first.organizationId });
      await chats.link(chatId, ctx.from?.id ?? null, actor);
      await sendHtml(ctx, await welcome(deps, actor));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'locked') {
        // The sign-in stays open, so that passwords tried again meanwhile are deleted too.
        await sendHtml(ctx, html`${error.message} Send /cancel to stop signing in.`);
        return;
      }
      await sendHtml(
        ctx,
        html`${error.message}. Send the password again, or /login to use another email, or /cancel.`,
      );
    }
  }

  return { linkByCode, askForEmail, askForPassword, checkPassword };
}

type SignInSteps = ReturnType<typeof signInSteps>;

/**
 * A sign-in in progress gets the next message before any command: a password may begin with a slash, and
 * only /cancel is taken as a command then.
 */
function pendingSignIn(deps: BotDeps, steps: SignInSteps): MiddlewareFn<BotContext> {
  const { clock, chats } = deps;
  const { askForPassword, checkPassword } = steps;
  return async (ctx, next) => {
    const login = ctx.parley.chat.login;
    if (!login || !ctx.message) return next();
    const text = ctx.message.text;
    if (text === undefined) {
      if (login.step !== 'password') return next();
      // A caption, a file or a contact may hold the password as well as text does.
      await deletePasswordMessage(ctx, deps);
      await sendHtml(ctx, html`Send your password as a text message, or /cancel.`);
      return;
    }
    if (login.expiresAt <= clock().toISOString()) {
      await chats.endLogin(ctx.parley.chat.chatId);
      ctx.parley.chat.login = null;
      if (text.startsWith('/')) return next();
      // It may well be the password, typed after the sign-in lapsed: it goes, and goes nowhere else.
      await deletePasswordMessage(ctx, deps);
      await sendHtml(
        ctx,
        html`Your sign-in timed out after ${LOGIN_MINUTES} minutes. Send /login to start again.`,
      );
      return;
    }
    if (isCommand(text, 'cancel')) return next();
    if (login.step === 'password' && login.email) return checkPassword(ctx, login.email, text);
    if (text.startsWith('/')) return next();
    const address = text.trim().toLowerCase();
    if (!email.safeParse(address).success) {
      await sendHtml(ctx, html`That does not look like an email address. Try again, or /cancel.`);
      return;
    }
    await askForPassword(ctx, address);
  };
}

/** /start and /link (with a code or without), /login and /logout. */
function signInCommands(bot: Composer<BotContext>, deps: BotDeps, steps: SignInSteps): void {
  const { crm, chats } = deps;
  const { linkByCode, askForEmail, askForPassword } = steps;

  bot.command(['start', 'link'], async (ctx) => {
    const code = ctx.match.trim();
    if (code) return linkByCode(ctx, code);
    if (ctx.parley.actor) {
      await sendHtml(ctx, await welcome(deps, ctx.parley.actor));
      return;
    }
    if (ctx.parley.group || ctx.hasCommand('link')) {
      await sendHtml(ctx, signInHelp());
      return;
    }
    await sendHtml(ctx, helpFor(null, null));
    await askForEmail(ctx);
  });

  bot.command('login', async (ctx) => {
    if (ctx.parley.group) {
      await sendHtml(
        ctx,
        html`Passwords do not belong in a group. Sign in in a private chat with me, or link this group with a code from the web app: <code>/link CODE</code>.`,
      );
      return;
    }
    if (ctx.parley.actor) {
      const account = await crm.account.get(ctx.parley.actor);
      await sendHtml(
        ctx,
        html`You are already signed in as ${account.user.email}. Send /logout first to sign in as someone else.`,
      );
      return;
    }
    const given = ctx.match.trim().toLowerCase();
    if (given && email.safeParse(given).success) return askForPassword(ctx, given);
    await askForEmail(ctx);
  });

  bot.command('logout', async (ctx) => {
    const { actor, chat } = ctx.parley;
    if (chat.userId === null) {
      await sendHtml(ctx, html`This chat is not signed in.`);
      return;
    }
    if (!actor) {
      await sendHtml(ctx, html`Only the person who linked this group can sign it out.`);
      return;
    }
    await chats.unlink(chat.chatId, actor);
    await sendHtml(ctx, html`Signed out. This chat can no longer see or change anything in Parley.`);
  });
}

/** Signing a chat in and out. */
export function loginComposer(deps: BotDeps): Composer<BotContext> {
  const bot = new Composer<BotContext>();
  const steps = signInSteps(deps);
  bot.use(pendingSignIn(deps, steps));
  signInCommands(bot, deps, steps);
  return bot;
}
