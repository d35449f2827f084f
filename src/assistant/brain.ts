import type { ToolContext } from '../tools/index.ts';
import type { Conversation } from './conversation-store.ts';
import type { Toolbox } from './toolbox.ts';

export interface BrainInput {
  ctx: ToolContext;
  text: string;
  conversation: Conversation;
  /** Earlier messages, oldest first; read only by a brain that uses them (the offline engine does not). */
  history(): Promise<{ role: 'user' | 'assistant'; content: string }[]>;
  box: Toolbox;
}

/** Something that answers a message using the toolbox: a language model or the offline engine. */
export interface Brain {
  /** Recorded in the audit log for writes this brain proposed. */
  model: string;
  /** Returns the reply text; tool use goes through `box`. Throws when the provider fails. */
  answer(input: BrainInput): Promise<string>;
}
