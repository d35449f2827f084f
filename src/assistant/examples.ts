import type { Role } from '../domain/actor.ts';

/**
 * Requests to suggest, per role: the web panel's placeholder and buttons, Telegram's /help and replies that
 * point somewhere to start. Each is one the role may ask and that finds something in the demo organization,
 * whatever the brain (test/assistant-replies.test.ts asks every one as every role).
 */
export const EXAMPLES: Record<Role, readonly string[]> = {
  owner: [
    'Show my deals',
    'Open issues by priority',
    'How did we do this month?',
    'List my customers',
    'Show overdue tasks',
    'Create a new lead named John from Facebook',
  ],
  employee: [
    'Show my deals',
    'Show my open tasks',
    'How did we do this month?',
    'List my customers',
    'Open issues by priority',
    'Create a new lead named John from Facebook',
  ],
  customer: [
    'Show my orders',
    'Show my payments',
    'Show my issues',
    'Create a support issue: my order arrived damaged',
  ],
};

export function examplesFor(role: Role): readonly string[] {
  return EXAMPLES[role];
}
