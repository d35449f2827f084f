import type { ToolContext } from '../tools/index.ts';
import type { Attachment } from './attachments.ts';
import type { Conversation } from './conversation-store.ts';
import type { Toolbox } from './toolbox.ts';

export interface BrainInput {
  ctx: ToolContext;
  text: string;
  conversation: Conversation;
  /** Earlier messages, oldest first; read only by a brain that uses them (the offline engine does not). */
  history(): Promise<{ role: 'user' | 'assistant'; content: string }[]>;
  box: Toolbox;
  /** A photo sent with the message, for a brain that reads images (a multimodal model, the card reader). */
  attachment?: Attachment;
}

/** Something that answers a message using the toolbox: a language model or the offline engine. */
export interface Brain {
  /** Recorded in the audit log for writes this brain proposed. */
  model: string;
  /** Whether the brain can be given a photo (a multimodal model); others get photos read by the card reader. */
  readsImages?: boolean;
  /** Returns the reply text; tool use goes through `box`. Throws when the provider fails. */
  answer(input: BrainInput): Promise<string>;
}
