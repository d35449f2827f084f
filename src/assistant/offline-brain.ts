import type { Role } from '../domain/actor.ts';
import { localDate } from '../domain/periods.ts';
import type { Brain } from './brain.ts';
import { examplesFor } from './examples.ts';
import { interpret } from './offline/index.ts';
import { replyFor } from './result-replies.ts';

export const OFFLINE_MODEL = 'parley-offline';

/** The built-in engine: English to tool calls by rules, no model and no network. */
export const offlineBrain: Brain = {
  model: OFFLINE_MODEL,
  async answer({ ctx, text, conversation, box }) {
    const reading = interpret(text, {
      today: localDate(ctx.clock(), ctx.actor.settings.timezone),
      role: ctx.actor.role,
      ...(conversation.lastRecord ? { lastRecord: conversation.lastRecord } : {}),
    });
    // Examples come from one list per role, the same the web panel and /help suggest.
    if (reading.kind === 'help') return didNotCatch(ctx.actor.role);
    if (reading.kind !== 'calls') return reading.reply;
    const parts: string[] = [];
    for (const call of reading.calls) {
      const outcome = await box.call(call.tool, call.input);
      if (!outcome.ok) parts.push(`I couldn't do that: ${outcome.error}`);
      else if (!isProposal(outcome.result)) parts.push(replyFor(call.tool, outcome.result));
    }
    return parts.join('\n\n');
  },
};

function didNotCatch(role: Role): string {
  const examples = examplesFor(role).map((e) => `• ${e}`);
  return [`Sorry, I didn't catch that. Try, for example:`, ...examples].join('\n');
}

function isProposal(result: unknown): boolean {
  return (result as { status?: string } | null)?.status === 'awaiting_confirmation';
}
