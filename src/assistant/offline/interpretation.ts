import type { ToolInput, ToolName } from '../../tools/index.ts';
import type { RecordType } from './lexicon.ts';
import type { Utterance } from './text.ts';

export type { RecordType } from './lexicon.ts';

export interface LastRecord {
  type: RecordType;
  id: number;
  label?: string;
}

export interface OfflineContext {
  /** The organization's calendar date, YYYY-MM-DD: every relative date is read against it. */
  today: string;
  /** The record the conversation is about, for "move it to proposal". */
  lastRecord?: LastRecord;
  role: 'owner' | 'employee' | 'customer';
}

export interface ToolCall {
  tool: ToolName;
  input: object;
}

export type Interpretation =
  | { kind: 'calls'; calls: ToolCall[] }
  | { kind: 'help'; reply: string }
  | { kind: 'clarify'; reply: string };

/** A question back to the user, when a request is understood but something it needs is missing. */
export interface Clarify {
  clarify: string;
}

export type Outcome = ToolCall | Clarify;

/** One request of a message, with what an "it" in it can point at. */
export interface Clause {
  readonly u: Utterance;
  readonly ctx: OfflineContext;
  /**
   * The record "it" means: the context's last record, or one named earlier in the same message. 'pending'
   * when an earlier request of the message creates a record, whose id nobody knows yet.
   */
  readonly last: LastRecord | 'pending' | undefined;
}

/** Builds a call whose input the compiler checks against the catalogue's schema. */
export function call<N extends ToolName>(tool: N, input: ToolInput<N>): ToolCall {
  return { tool, input: input as object };
}

/** Drops keys whose value is undefined, so inputs hold only what the request said. */
export function compact<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

export function clarify(reply: string): Clarify {
  return { clarify: reply };
}
