import { Composer, InlineKeyboard } from 'grammy';
import { ZodError } from 'zod';
import { examplesFor } from '../assistant/examples.ts';
import { type AssistantTurn, confirmationRequest } from '../assistant/turns.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { BotContext, BotDeps } from './bot-context.ts';
import { type AskWithFile, fileMessages } from './file-messages.ts';
import { escapeHtml, html, joinHtml, SafeHtml } from './format.ts';
import { helpFor, menuFor, signInHelp } from './help.ts';
import { replyToHtml } from './markdown.ts';
import { searchResults } from './search-results.ts';
import { editHtml, quietly, sendHtml, sendNextPage, sendPaged, showTyping } from './send-html.ts';

/**
 * Everything a signed-in chat does: the commands, the assistant for free text, and the buttons (Confirm /
 * Cancel, organization switch, quick actions, More). Every CRM action runs as the chat's user through the
 * assistant and the services, which apply that user's permissions.
 */

/** Errors that are the person's to fix (or simply the answer), shown as they are rather than retried. */
export function explain(error: unknown): string | null {
  if (error instanceof DomainError) return error.message;
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return issue?.code === 'too_big'
      ? 'That message is too long for me; please keep it under 4000 characters.'
      : `I could not read that: ${issue?.message ?? 'invalid input'}`;
  }
  return null;
}

const CONFIRM = /^cf:([yn]):([A-Za-z0-9_-]{1,60})$/;
const SWITCH = /^sw:(\d{1,10})$/;
const MENU = /^mn:([a-z]{1,20})$/;
const MORE = /^more:([A-Za-z0-9_-]{1,20})$/;
const PICK = /^pk:([a-z]{1,12}):(\d{1,10})$/;

type Ask = AskWithFile;

/** Tells an unsigned chat how to sign in; in a group, says why it will not answer. */
async function refuseStranger(ctx: BotContext): Promise<void> {
  const { group, chat } = ctx.parley;
  if (group && chat.userId !== null) {
    await sendHtml(
      ctx,
      html`This group is linked to someone else's Parley account; only they can ask me here.`,
    );
  } else if (group) {
    await sendHtml(
      ctx,
      html`This group is not linked to Parley, so I show nothing here. Link it with a code from the web app: <code>/link CODE</code>.`,
    );
  } else {
    await sendHtml(ctx, signInHelp());
  }
}

/** Sends text to the assistant as the actor and shows its answer, with Confirm / Cancel when it proposes a write. */
function assistantAsker(deps: BotDeps) {
  const { assistant, chats } = deps;

  async function present(ctx: BotContext, turn: AssistantTurn): Promise<void> {
    // A typed yes or no settled the change the buttons were waiting for: /cancel has nothing left to drop.
    if (turn.answered && ctx.parley.chat.confirmationId === turn.answered.confirmationId) {
      await chats.setConfirmation(ctx.parley.chat.chatId, null);
    }
    if (turn.confirmation) {
      const { id, summary } = turn.confirmation;
      await chats.setConfirmation(ctx.parley.chat.chatId, id);
      const buttons = new InlineKeyboard().text('✅ Confirm', `cf:y:${id}`).text('✖ Cancel', `cf:n:${id}`);
      // The brain's words, then what the code says Confirm does, always and set apart: a model misled by text
      // in a record may say anything ("this is harmless"), even copy the plan's wording.
      const plan = confirmationRequest(summary);
      const words = turn.reply.endsWith(plan) ? turn.reply.slice(0, -plan.length).trim() : turn.reply;
      const question = joinHtml([
        words ? replyToHtml(words) : null,
        words ? '' : null,
        html`<b>Confirm</b> to:`,
        ...summary.map((l) => html`• ${l}`),
      ]);
      await sendHtml(ctx, question, buttons);
      return;
    }
    const choices = turn.actions.flatMap((a) => a.choices ?? []);
    if (choices.length > 0) {
      // A name matched several records: one button each, which asks for that record by number.
      const keyboard = new InlineKeyboard();
      for (const c of choices) keyboard.text(c.label.slice(0, 60), `pk:${c.type}:${c.id}`).row();
      await sendHtml(ctx, replyToHtml(turn.reply), keyboard);
      return;
    }
    const found = searchResults(turn);
    if (found?.keyboard) return sendHtml(ctx, found.text, found.keyboard);
    await sendPaged(ctx, chats, found?.text ?? replyToHtml(turn.reply));
  }

  const ask: Ask = async (ctx, actor, text, attachment) => {
    const stopTyping = showTyping(ctx);
    let turn: AssistantTurn;
    try {
      turn = await assistant.send(actor, {
        text,
        channel: 'telegram',
        current: ctx.parley.chat.conversation,
        ...(attachment && { attachment }),
      });
    } catch (error) {
      const message = explain(error);
      if (message === null) throw error;
      await sendHtml(ctx, html`${message}`);
      return;
    } finally {
      stopTyping();
    }
    await present(ctx, turn);
  };

  return ask;
}

/** /help, and the commands that need a signed-in chat (a stranger is told how to sign in). */
function accountCommands(bot: Composer<BotContext>, deps: BotDeps): void {
  const { crm, assistant, chats } = deps;

  bot.command('help', async (ctx) => {
    const actor = ctx.parley.actor;
    const account = actor ? await crm.account.get(actor) : null;
    await sendHtml(ctx, helpFor(actor?.role ?? null, account?.organization?.name ?? null));
  });

  // These commands need a signed-in chat; a stranger falls through to the refusal after them.
  const signedIn = bot.filter((ctx) => ctx.parley.actor !== null);

  signedIn.command('me', async (ctx) => {
    const actor = ctx.parley.actor!;
    const account = await crm.account.get(actor);
    const others = account.memberships.filter((m) => m.organizationId !== actor.organizationId);
    await sendHtml(
      ctx,
      joinHtml([
        html`<b>${account.user.name}</b> (${account.user.email})`,
        html`Organization: <b>${account.organization?.name ?? ''}</b>, as ${actor.role}`,
        others.length > 0
          ? html`Also in: ${others.map((m) => `${m.name} (${m.role})`).join(', ')}. /switch changes.`
          : null,
      ]),
    );
  });

  signedIn.command('switch', async (ctx) => {
    const actor = ctx.parley.actor!;
    const memberships = await crm.account.memberships(actor);
    if (memberships.length < 2) {
      await sendHtml(ctx, html`You belong to one organization only, so there is nothing to switch to.`);
      return;
    }
    const keyboard = new InlineKeyboard();
    for (const m of memberships) {
      const mark = m.organizationId === actor.organizationId ? '✓ ' : '';
      keyboard.text(`${mark}${m.name} (${m.role})`, `sw:${m.organizationId}`).row();
    }
    await sendHtml(ctx, html`Which organization do you want to work in?`, keyboard);
  });

  signedIn.command('clear', async (ctx) => {
    await assistant.clear(ctx.parley.actor!, 'telegram');
    await chats.setConfirmation(ctx.parley.chat.chatId, null);
    await chats.setMore(ctx.parley.chat.chatId, null);
    await sendHtml(ctx, html`Conversation cleared. I have forgotten what we talked about.`);
  });

  signedIn.command('menu', async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const [i, item] of menuFor(ctx.parley.actor!.role).entries()) {
      keyboard.text(item.label, `mn:${item.key}`);
      if (i % 2 === 1) keyboard.row();
    }
    await sendHtml(ctx, html`What would you like to do?`, keyboard);
  });

  bot.command(['me', 'switch', 'clear', 'menu'], refuseStranger);
}

/** /cancel, unknown commands, and the Confirm / Cancel buttons under a proposed write. */
function confirmations(bot: Composer<BotContext>, deps: BotDeps): void {
  const { assistant, chats } = deps;

  bot.command('cancel', async (ctx) => {
    const { chat, actor } = ctx.parley;
    if (chat.login) {
      await chats.endLogin(chat.chatId);
      await sendHtml(ctx, html`Sign-in cancelled.`);
      return;
    }
    if (actor && chat.confirmationId) {
      await chats.setConfirmation(chat.chatId, null);
      let dropped: string[] | null = null;
      try {
        const turn = await assistant.confirm(actor, chat.confirmationId, false);
        dropped = turn.actions.flatMap((a) => (a.result as { summary?: string } | undefined)?.summary ?? []);
      } catch (error) {
        // Already answered (a typed yes, the buttons) or expired: there was nothing left to cancel.
        if (!(error instanceof DomainError)) throw error;
      }
      if (dropped) {
        const what = dropped.map((l) => html`• ${l}`);
        await sendHtml(ctx, joinHtml([html`Cancelled. Nothing was changed.`, ...what]));
        return;
      }
    }
    await sendHtml(ctx, html`Nothing to cancel.`);
  });

  bot.on('message:text', async (ctx, next) => {
    if (!ctx.message.text.startsWith('/')) return next();
    // In a group an unknown command is most likely another bot's.
    if (ctx.parley.group) return;
    await sendHtml(ctx, html`I do not know that command. /help shows what I can do.`);
  });

  bot.callbackQuery(CONFIRM, async (ctx) => {
    const actor = ctx.parley.actor;
    if (!actor) {
      await quietly(() => ctx.answerCallbackQuery('Only the person signed in here can answer this.'));
      return;
    }
    const approve = ctx.match[1] === 'y';
    const id = ctx.match[2]!;
    await quietly(() => ctx.answerCallbackQuery(approve ? 'Working on it…' : 'Cancelled'));
    const asked = new SafeHtml(escapeHtml(ctx.callbackQuery.message?.text ?? ''));
    let turn: AssistantTurn;
    try {
      turn = await assistant.confirm(actor, id, approve);
    } catch (error) {
      const message = explain(error);
      if (message === null) throw error;
      if (!(await editHtml(ctx, joinHtml([asked, '', html`<i>${message}</i>`])))) {
        await sendHtml(ctx, html`${message}`);
      }
      return;
    } finally {
      if (ctx.parley.chat.confirmationId === id) await chats.setConfirmation(ctx.parley.chat.chatId, null);
    }
    const outcome = approve ? html`✅ <b>Confirmed.</b>` : html`✖ <b>Cancelled.</b> Nothing was changed.`;
    const result = approve ? replyToHtml(turn.reply) : null;
    if (await editHtml(ctx, joinHtml([asked, '', outcome, result]))) return;
    await editHtml(ctx, joinHtml([asked, '', outcome]));
    if (result) await sendPaged(ctx, chats, result);
  });
}

/** The organization switch, quick-action menu and More buttons. */
function buttons(bot: Composer<BotContext>, deps: BotDeps, ask: Ask): void {
  const { crm, chats } = deps;

  bot.callbackQuery(SWITCH, async (ctx) => {
    const actor = ctx.parley.actor;
    if (!actor) {
      await quietly(() => ctx.answerCallbackQuery('Sign in first.'));
      return;
    }
    let next: Actor;
    try {
      next = await crm.account.actorFor(actor.userId, 'telegram', { organizationId: Number(ctx.match[1]) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await quietly(() => ctx.answerCallbackQuery('You are not a member of that organization.'));
      return;
    }
    await chats.switchOrganization(ctx.parley.chat.chatId, next.organizationId);
    const account = await crm.account.get(next);
    await quietly(() => ctx.answerCallbackQuery(`Now in ${account.organization?.name ?? ''}`));
    const done = html`Now working in <b>${account.organization?.name ?? ''}</b> as ${next.role}.`;
    if (!(await editHtml(ctx, done))) await sendHtml(ctx, done);
  });

  bot.callbackQuery(MENU, async (ctx) => {
    const actor = ctx.parley.actor;
    const item = actor ? menuFor(actor.role).find((m) => m.key === ctx.match[1]) : undefined;
    await quietly(() => ctx.answerCallbackQuery());
    if (!actor || !item) return;
    if (item.text) return ask(ctx, actor, item.text);
    if (item.prompt) {
      await ctx.reply(item.prompt.question, {
        reply_markup: { force_reply: true, input_field_placeholder: item.label },
      });
    }
  });

  bot.callbackQuery(PICK, async (ctx) => {
    const actor = ctx.parley.actor;
    await quietly(() => ctx.answerCallbackQuery());
    if (!actor) return;
    await quietly(() => ctx.editMessageReplyMarkup());
    await ask(ctx, actor, `${ctx.match[1]} #${ctx.match[2]}`);
  });

  bot.callbackQuery(MORE, async (ctx) => {
    if (!ctx.parley.actor) {
      await quietly(() => ctx.answerCallbackQuery('Sign in first.'));
      return;
    }
    await sendNextPage(ctx, chats, ctx.match[1]!);
  });

  // Buttons of an older version of the bot, or forged ones: answered so the spinner stops, otherwise ignored.
  bot.on('callback_query', (ctx) => quietly(() => ctx.answerCallbackQuery()));
}

/** Free text for the assistant, and the updates that are not text. */
function messages(bot: Composer<BotContext>, deps: BotDeps, ask: Ask): void {
  const { chats } = deps;

  bot.on('message:text', async (ctx) => {
    const actor = ctx.parley.actor;
    if (!actor) return refuseStranger(ctx);
    let text = ctx.parley.text ?? ctx.message.text;
    // An answer to a quick action's question completes that action's request.
    const question = ctx.message.reply_to_message;
    if (question?.from?.id === ctx.me.id) {
      const item = menuFor(actor.role).find((m) => m.prompt?.question === question.text);
      if (item?.prompt) text = `${item.prompt.request} ${text}`;
    }
    if (!text.trim()) {
      await sendHtml(ctx, helpFor(actor.role, null));
      return;
    }
    await ask(ctx, actor, text);
  });

  bot.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked' || status === 'left') await chats.markBlocked(ctx.parley.chat.chatId);
  });

  bot.on('edited_message', () => {
    // Telegram sends edits as new updates; answering them again would repeat or contradict the first answer.
  });

  fileMessages(bot, { ask, refuseStranger });

  bot.on('message', async (ctx) => {
    const role = ctx.parley.actor?.role;
    const example = role ? html`, e.g. "${examplesFor(role)[0]}"` : '';
    await sendHtml(
      ctx,
      html`I read text, photos, voice notes and CSV files; stickers, locations, contacts and the like pass me by. Write what you need${example}, or send /help.`,
    );
  });
}

/** The handlers above, registered in the order grammY is to try them. */
export function conversationComposer(deps: BotDeps): Composer<BotContext> {
  const bot = new Composer<BotContext>();
  const ask = assistantAsker(deps);
  accountCommands(bot, deps);
  confirmations(bot, deps);
  buttons(bot, deps, ask);
  messages(bot, deps, ask);
  return bot;
}
