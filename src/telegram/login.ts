import { Composer } from 'grammy';
import { z } from 'zod';
import { accountOf } from '../auth/account.ts';
import { actorFor, membershipsOf } from '../auth/actors.ts';
import { authenticate } from '../auth/login.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import { addMinutes } from '../domain/time.ts';
import type { BotContext, BotDeps } from './bot-context.ts';
import { html, joinHtml, type SafeHtml } from './format.ts';
import { helpFor, signInHelp } from './help.ts';
import { LINK_CODE_MINUTES, redeemLinkCode } from './links.ts';
import { quietly, sendHtml } from './send-html.ts';

/**
 * Signing a chat in and out. Two ways in: a one-time code from the web (`/start CODE` from the deep link, or
 * `/link CODE`), or email and password typed here in a private chat. The message holding the password is
 * deleted before anything else happens; a pending sign-in lapses after ten minutes; wrong passwords count
 * towards the same account lockout as the web's sign-in, locking after three in a row here.
 */

export const LOGIN_MINUTES = 10;
/** Wrong passwords in a row that lock the account when they are typed in Telegram. */
export const TELEGRAM_MAX_FAILURES = 3;

const email = z.email();

function isCommand(text: string, name: string): boolean {
  return new RegExp(`^/${name}(@\\w+)?(\\s|$)`, 'i').test(text);
}

export async function welcome(deps: BotDeps, actor: Actor): Promise<SafeHtml> {
  const account = await accountOf(deps.db, actor);
  const others =
    account.memberships.length > 1 ? html`\nYou belong to several organizations: /switch changes.` : '';
  return joinHtml([
    html`Signed in as <b>${account.user.name}</b> (${account.user.email}), ${actor.role} of <b>${account.organization?.name ?? ''}</b>.${others}`,
    '',
    helpFor(actor.role, null),
  ]);
}

export function loginComposer(deps: BotDeps): Composer<BotContext> {
  const { db, clock, chats } = deps;
  const bot = new Composer<BotContext>();

  async function linkByCode(ctx: BotContext, code: string): Promise<void> {
    const redeemed = await redeemLinkCode(db, clock, code);
    let actor: Actor | null = null;
    if (redeemed) {
      try {
        actor = await actorFor(db, redeemed.userId, 'telegram', { organizationId: redeemed.organizationId });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
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
    await quietly(() => ctx.deleteMessage());
    try {
      const user = await authenticate(db, clock, deps.lockout, address, password);
      await chats.endLogin(chatId);
      const memberships = await membershipsOf(db, user.id);
      const first = memberships[0];
      if (!first) {
        await sendHtml(
          ctx,
          html`Your account does not belong to any organization yet; ask an owner to invite you.`,
        );
        return;
      }
      const actor = await actorFor(db, user.id, 'telegram', { organizationId: first.organizationId });
      await chats.link(chatId, ctx.from?.id ?? null, actor);
      await sendHtml(ctx, await welcome(deps, actor));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'locked') {
        await chats.endLogin(chatId);
        await sendHtml(ctx, html`${error.message}`);
        return;
      }
      await sendHtml(
        ctx,
        html`${error.message}. Send the password again, or /login to use another email, or /cancel.`,
      );
    }
  }

  // A sign-in in progress gets the next message before any command: a password may begin with a slash, and
  // only /cancel is taken as a command then.
  bot.use(async (ctx, next) => {
    const login = ctx.parley.chat.login;
    const text = ctx.message?.text;
    if (!login || text === undefined) return next();
    if (login.expiresAt <= clock().toISOString()) {
      await chats.endLogin(ctx.parley.chat.chatId);
      ctx.parley.chat.login = null;
      if (text.startsWith('/')) return next();
      // It may well be the password, typed after the sign-in lapsed: it goes, and goes nowhere else.
      await quietly(() => ctx.deleteMessage());
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
  });

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
      const account = await accountOf(db, ctx.parley.actor);
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

  return bot;
}
