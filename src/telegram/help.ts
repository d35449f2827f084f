import type { BotCommand } from 'grammy/types';
import { examplesFor } from '../assistant/examples.ts';
import type { Role } from '../domain/actor.ts';
import { html, joinHtml, type SafeHtml } from './format.ts';

/** The command menu Telegram shows; set at start so it always matches what the bot does. */
export const BOT_COMMANDS: BotCommand[] = [
  { command: 'start', description: 'Start, or link this chat with a code' },
  { command: 'help', description: 'What you can ask' },
  { command: 'menu', description: 'Quick actions' },
  { command: 'login', description: 'Sign in with email and password' },
  { command: 'me', description: 'Who you are signed in as' },
  { command: 'switch', description: 'Choose the organization to work in' },
  { command: 'clear', description: 'Forget the conversation' },
  { command: 'cancel', description: 'Drop a sign-in or a pending change' },
  { command: 'logout', description: 'Sign this chat out' },
];

/** The updates the bot asks Telegram for; anything else would only fill the inbox. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export function signInHelp(): SafeHtml {
  return joinHtml([
    html`<b>Sign in first.</b> Two ways:`,
    html`• In the Parley web app, open your profile, choose <i>Link Telegram</i> and follow the link (or send me <code>/link CODE</code>).`,
    html`• Or send /login and then your email and password here. I delete the message with your password at once.`,
  ]);
}

export function helpFor(role: Role | null, organizationName: string | null): SafeHtml {
  if (role === null) {
    return joinHtml([html`I am Parley, your CRM in Telegram.`, '', signInHelp()]);
  }
  const where = organizationName ? html` in <b>${organizationName}</b>` : '';
  return joinHtml([
    html`You are signed in as ${role}${where}. Write to me in your own words, for example:`,
    joinHtml(examplesFor(role).map((e) => html`• ${e}`)),
    '',
    html`Changes wait for your <b>Confirm</b>. Commands: /menu quick actions, /me, /switch organization, /clear the conversation, /cancel, /logout.`,
  ]);
}

export interface MenuItem {
  key: string;
  label: string;
  /** Sent to the assistant as if typed; absent for items that ask for more first. */
  text?: string;
  /** The question asked when the item needs words from the person, and the request their answer completes. */
  prompt?: { question: string; request: string };
}

const STAFF_MENU: MenuItem[] = [
  { key: 'deals', label: 'My deals', text: 'Show my deals' },
  { key: 'tasks', label: 'My tasks', text: 'Show my open tasks' },
  { key: 'stats', label: 'Stats this month', text: 'Show statistics for this month' },
  {
    key: 'lead',
    label: 'New lead',
    prompt: {
      question:
        'Who is the new lead? Reply with a name and, if you know it, the source (e.g. John from Facebook).',
      request: 'Create a new lead named',
    },
  },
];

const CUSTOMER_MENU: MenuItem[] = [
  { key: 'orders', label: 'My orders', text: 'Show my orders' },
  { key: 'issues', label: 'My issues', text: 'Show my issues' },
  {
    key: 'issue',
    label: 'Raise an issue',
    prompt: { question: 'What is the problem? Reply in a sentence.', request: 'Create a support issue:' },
  },
];

export function menuFor(role: Role): MenuItem[] {
  return role === 'customer' ? CUSTOMER_MENU : STAFF_MENU;
}
