import type { Role } from '../domain/actor.ts';
import { localDate } from '../domain/periods.ts';
import type { Brain } from './brain.ts';
import { examplesFor } from './examples.ts';
import { interpret } from './offline/index.ts';
import { LANGUAGE_MODEL_STEPS } from './offline/nlp.ts';
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

/**
 * Loads the offline engine's language model in the background once a server has started, so the first
 * request to the engine does not wait seconds for it. Each loading step runs on its own turn of the event
 * loop, after `delayMs`, so requests arriving meanwhile are answered between steps rather than after all of
 * them. Returns a function that stops the steps not yet run (for a server stopping early).
 */
export function warmOfflineEngine(delayMs = 1000): () => void {
  const steps = [...LANGUAGE_MODEL_STEPS];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = (wait: number) => {
    const step = steps.shift();
    if (!step) return;
    timer = setTimeout(() => {
      try {
        step();
      } catch {
        // Left to the first request, which reports the failure where it can answer politely.
        return;
      }
      next(0);
    }, wait);
    // A warm-up never keeps a process alive on its own.
    timer.unref();
  };
  next(delayMs);
  return () => clearTimeout(timer);
}
