import { toolInputs } from '../../tools/index.ts';
import { applyIntents, type RuleOutcome } from './intents.ts';
import type { Clause, Interpretation, LastRecord, OfflineContext, ToolCall } from './interpretation.ts';
import { type EngineLanguage, speaking } from './language.ts';
import { splitRequests, stripCourtesy, utterance } from './text.ts';
import { helpReply } from './wording.ts';

/**
 * The offline language engine: English requests to calls of the tool catalogue, with no model and no
 * network, in well under a millisecond for a typical request. It only interprets; the tool registry runs
 * the calls and enforces permissions, so nothing here decides who may do what.
 */

export {
  type AccuracyReport,
  type Expectation,
  type KeyedCase,
  type KeyedReport,
  type LabelledPhrasing,
  measureAccuracy,
  measureKeyed,
} from './accuracy.ts';
export type { Interpretation, LastRecord, OfflineContext, ToolCall } from './interpretation.ts';
export type { EngineLanguage } from './language.ts';

/** Longer messages are dictation, not commands; reading them as commands would only guess. */
export const MAX_REQUEST_LENGTH = 4000;

/** Record types whose id a call exposes, so a later "it" in the same message can point at them. */
const RECORD_KEYS = ['customer', 'lead', 'deal', 'issue', 'order'] as const;

/** What "it" means after a call: a record the call names by id, or a record the call is about to create. */
function lastAfter(call: ToolCall, before: Clause['last']): Clause['last'] {
  if (/^(?:create_|log_activity|record_payment|convert_lead)/.test(call.tool)) return 'pending';
  const input = call.input as Record<string, unknown>;
  for (const key of RECORD_KEYS) {
    const ref = input[key];
    if (typeof ref === 'number') return { type: key, id: ref } satisfies LastRecord;
  }
  return before;
}

/** Every call must pass its schema; one that does not is turned into a question instead of a failure. */
function checked(call: ToolCall): ToolCall | { clarify: string } {
  const result = toolInputs[call.tool].safeParse(call.input);
  if (result.success) return call;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  return {
    clarify: `I couldn't use that ${field}: ${issue?.message ?? 'it is not valid'}. Could you say it another way?`,
  };
}

/** Creating tools that take an assignee, for "add a lead named Lee and assign it to Sara". */
const ASSIGNABLE = new Set(['create_lead', 'create_customer', 'create_deal', 'log_activity']);

/**
 * "...and assign it to Sara" right after creating something: the record has no id yet, but the assignee
 * can go into the create call itself.
 */
function foldAssignment(request: string, calls: ToolCall[]): boolean {
  const m = /^(?:re)?assign (?:it|this|them|him|her) to (me|myself|[\p{L}][\p{L}\p{N} .'-]{0,60})$/iu.exec(
    request,
  );
  const previous = calls.at(-1);
  if (!m || !previous || !ASSIGNABLE.has(previous.tool)) return false;
  const who = /^(?:me|myself)$/i.test(m[1]!) ? 'me' : m[1]!.trim();
  previous.input = { ...previous.input, assignedTo: who };
  return true;
}

const READ = /^(?:get_|list_)/;

/** The record a call is about, as "type:ref", if it names one. */
function recordOf(call: ToolCall): string | undefined {
  const input = call.input as Record<string, unknown>;
  const key = RECORD_KEYS.find((k) => typeof input[k] === 'number' || typeof input[k] === 'string');
  return key ? `${key}:${String(input[key])}` : undefined;
}

/**
 * "deal 9 is off, mark it lost", "ticket 4 is done, close it": a look at a record gives way to the change
 * to it that follows, and two changes to the same record by the same tool become one, the later words
 * winning where both say something.
 */
function followUp(call: ToolCall, previous: ToolCall): 'replaces' | 'merges' | 'separate' {
  if (READ.test(call.tool)) return 'separate';
  const record = recordOf(call);
  if (!record || record !== recordOf(previous)) return 'separate';
  if (READ.test(previous.tool)) return 'replaces';
  return previous.tool === call.tool ? 'merges' : 'separate';
}

type ClauseResult = { calls: ToolCall[] } | { clarify: string } | { help: string } | null;

function interpretClauses(parts: ReturnType<typeof splitRequests>, context: OfflineContext): ClauseResult {
  const calls: ToolCall[] = [];
  let last: Clause['last'] = context.lastRecord;
  for (const part of parts) {
    const u = stripCourtesy(part);
    if (last === 'pending' && foldAssignment(u.raw, calls)) continue;
    const outcome: RuleOutcome = applyIntents({ u, ctx: context, last });
    if (outcome === null) return null;
    if ('clarify' in outcome) return outcome;
    if ('help' in outcome) return parts.length === 1 ? outcome : null;
    const call = checked(outcome);
    if ('clarify' in call) return call;
    const previous = calls.at(-1);
    const follow = previous ? followUp(call, previous) : 'separate';
    if (follow === 'replaces') calls.pop();
    if (follow === 'merges') previous!.input = { ...previous!.input, ...call.input };
    else calls.push(call);
    last = lastAfter(call, last);
  }
  return { calls };
}

/**
 * Reads one message. `lang` is the language's data (lexicon/en.ts unless given): intents, cues and the words
 * of every slot, so a new synonym or a language is data, not code.
 */
export function interpret(text: string, context: OfflineContext, lang?: EngineLanguage): Interpretation {
  return lang ? speaking(lang, () => read(text, context)) : read(text, context);
}

function read(text: string, context: OfflineContext): Interpretation {
  if (typeof text !== 'string') return { kind: 'help', reply: helpReply(context.role) };
  if (text.length > MAX_REQUEST_LENGTH) {
    return {
      kind: 'clarify',
      reply: `That message is too long for me to act on (over ${MAX_REQUEST_LENGTH} characters). Please send the request on its own, in a sentence or two.`,
    };
  }
  const whole = utterance(text);
  const parts = splitRequests(whole);
  // A split that leaves a part unreadable was probably wrong ("call John and ask what they need"), so the
  // message is read once more as a single request.
  const result =
    (parts.length > 1 ? interpretClauses(parts, context) : null) ?? interpretClauses([whole], context);
  if (result === null) return { kind: 'help', reply: helpReply(context.role) };
  if ('help' in result) return { kind: 'help', reply: helpReply(context.role, result.help) };
  if ('clarify' in result) return { kind: 'clarify', reply: result.clarify };
  return { kind: 'calls', calls: result.calls };
}
