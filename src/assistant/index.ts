import { z } from 'zod';
import type { Config } from '../config.ts';
import type { AssistantLimits } from '../crm/assistant-limits.ts';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import { invalid } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { checkImage } from '../media/image-check.ts';
import type { ToolContext } from '../tools/index.ts';
import { runTool } from '../tools/index.ts';
import { type Attachment, checkAttachmentSize } from './attachments.ts';
import type { Brain } from './brain.ts';
import { cardBrain, cardCorrection } from './card-brain.ts';
import {
  type Confirmation,
  type Conversation,
  type ConversationStore,
  conversationStore,
  isConversationOf,
} from './conversation-store.ts';
import { configuredModelName, modelReadsImages } from './model-choice.ts';
import { offlineBrain } from './offline-brain.ts';
import { pointerTo, replyFor } from './result-replies.ts';
import { tableBrain } from './table-brain.ts';
import { toolbox } from './toolbox.ts';
import { type AssistantAction, type AssistantTurn, type Channel, confirmationRequest } from './turns.ts';
import { speechService, transcribe } from './voice.ts';

export type { AssistantTurn, Channel } from './turns.ts';

export const MAX_MESSAGE_LENGTH = 4000;

type ActionListener = (action: AssistantAction) => void;

export const messageInput = z
  .object({
    text: z.string().trim().min(1, 'Write a message').max(MAX_MESSAGE_LENGTH),
    conversationId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  })
  .strict();

/** A message that carries a file may have no words of its own (a photo without a caption). */
const captionInput = messageInput.extend({ text: z.string().trim().max(MAX_MESSAGE_LENGTH) });

/** Short answers to a pending confirmation, typed instead of pressing a button. */
const YES = /^(yes|y|yep|yeah|sure|ok|okay|confirm|confirmed|do it|go ahead|approve)[.!]*$/i;
const NO = /^(no|n|nope|cancel|stop|don't|do not|deny)[.!]*$/i;

const FALLBACK_NOTE = 'The AI model is not reachable right now, so the built-in engine answered.';

export interface AssistantDeps {
  /** Where conversations are kept; only the conversation store reads it. */
  db: Parameters<typeof conversationStore>[0];
  crm: Crm;
  clock: Clock;
  config: Config;
  /** Told when a model fails and the offline engine takes over; never given message text or keys. */
  warn?: (message: string) => void;
}

/** The limits on model requests the configuration sets (src/crm/assistant-limits.ts). */
function modelLimits(config: Config): AssistantLimits {
  return {
    userPerHour: config.ASSISTANT_USER_REQUESTS_PER_HOUR,
    userPerDay: config.ASSISTANT_USER_REQUESTS_PER_DAY,
    organizationPerHour: config.ASSISTANT_ORGANIZATION_REQUESTS_PER_HOUR,
    organizationPerDay: config.ASSISTANT_ORGANIZATION_REQUESTS_PER_DAY,
  };
}

/** The model brain, with the AI SDK loaded on the first request rather than at start. */
function lazyModelBrain(model: string, deps: AssistantDeps): Brain {
  const { crm, config } = deps;
  let brain: Promise<Brain> | null = null;
  const load = async () => {
    const { configuredModel, modelBrain } = await import('./model-brain.ts');
    return modelBrain(configuredModel(config)!, {
      timeoutMs: config.ASSISTANT_TIMEOUT_SECONDS * 1000,
      persona: async (ctx) => {
        const account = await crm.account.get(ctx.actor);
        return {
          userName: account.user.name,
          email: account.user.email,
          organizationName: account.organization?.name ?? 'unknown',
        };
      },
    });
  };
  return {
    model,
    readsImages: modelReadsImages(config),
    async answer(input) {
      brain ??= load();
      return (await brain).answer(input);
    },
  };
}

/** What every turn works with: the dependencies, the store and the brain tried first. */
interface Core {
  deps: AssistantDeps;
  store: ConversationStore;
  primary: Brain;
}

/** The actor as the assistant acts for them, recorded with the model that chose the call. */
function contextFor({ crm, clock }: AssistantDeps, actor: Actor, model: string): ToolContext {
  return { crm, clock, actor: { ...actor, via: 'assistant', model } };
}

/** Which brain answers, and which takes over when it fails; a file or a correction decides for itself. */
function brainsFor(
  primary: Brain,
  attachment: Attachment | undefined,
  correcting?: Brain,
): { first: Brain; fallback: Brain } {
  if (correcting) return { first: correcting, fallback: correcting };
  if (attachment?.kind === 'table') return { first: tableBrain, fallback: tableBrain };
  if (attachment?.kind === 'image') {
    const reads = primary !== offlineBrain && primary.readsImages === true;
    return { first: reads ? primary : cardBrain, fallback: cardBrain };
  }
  return { first: primary, fallback: offlineBrain };
}

/** Asks the chosen brain, falling back to the offline one when a model fails. */
async function think(
  { deps, store }: Core,
  actor: Actor,
  text: string,
  conversation: Conversation,
  brains: { first: Brain; fallback: Brain },
  onAction?: ActionListener,
  attachment?: Attachment,
) {
  // The history before this message (the brain gets the message itself separately), read at most once.
  let earlier: ReturnType<typeof store.history> | undefined;
  const history = () => (earlier ??= store.history(conversation.id));
  const run = async (brain: Brain) => {
    const ctx = contextFor(deps, actor, brain.model);
    const box = toolbox(ctx, onAction);
    const reply = await brain.answer({
      ctx,
      text,
      conversation,
      history,
      box,
      ...(attachment && { attachment }),
    });
    return { brain, box, reply };
  };
  const { first, fallback } = brains;
  if (first === fallback) return run(first);
  try {
    return await run(first);
  } catch (error) {
    deps.warn?.(
      `assistant model ${first.model} failed (${(error as Error).name}); the offline engine answers`,
    );
    const answered = await run(fallback);
    return { ...answered, reply: `${FALLBACK_NOTE}\n\n${answered.reply}` };
  }
}

/** The person's message as the history keeps it: the words, and what kind of file came with them. */
function said(text: string, attachment: Attachment | undefined): string {
  if (!attachment || attachment.kind === 'audio') return text;
  const what = attachment.kind === 'image' ? '(a photo)' : `(a file: ${attachment.name ?? 'table'})`;
  return text ? `${what} ${text}` : what;
}

/** Records the turn: the person's message (when this turn answers one) and the reply, in one write. */
async function finish(
  store: ConversationStore,
  conversation: Conversation,
  turn: Omit<AssistantTurn, 'conversationId'>,
  said?: string,
): Promise<AssistantTurn> {
  await store.append(conversation.id, [
    ...(said === undefined ? [] : [{ role: 'user' as const, content: said }]),
    { role: 'assistant', content: turn.reply },
  ]);
  return { conversationId: conversation.id, ...turn };
}

/**
 * What to say when a brain gave no words of its own: what its reads found, why its calls failed, or that
 * nothing was done. Never a bare "Done." for a turn that did nothing.
 */
function wordsFromActions(actions: AssistantAction[]): string {
  const said = actions.flatMap((a) => {
    if (a.status === 'done') return [replyFor(a.tool, a.result)];
    if (a.status === 'denied' || a.status === 'failed') return a.error ? [a.error] : [];
    return [];
  });
  return said.length > 0 ? said.join('\n\n') : NOTHING_DONE;
}

const NOTHING_DONE = "I didn't do anything for that. Ask about your records, or tell me what to change.";

/** The turn a brain's answer makes; proposed writes are stored to wait for the person's confirmation. */
async function turnOf(
  store: ConversationStore,
  actor: Actor,
  conversationId: number,
  { brain, box, reply }: Awaited<ReturnType<typeof think>>,
): Promise<Omit<AssistantTurn, 'conversationId'>> {
  if (box.proposed.length === 0)
    return { reply: reply || wordsFromActions(box.actions), actions: box.actions };
  const proposal = await store.propose(actor, conversationId, brain.model, box.proposed);
  const confirmation = {
    id: proposal.id,
    summary: proposal.actions.map((a) => a.summary),
    expiresAt: proposal.expiresAt,
  };
  // The plan is the system's own account of every write, always last and apart from the brain's words: a
  // model misled by text in a record may call a delete harmless, but cannot keep the real summary from showing.
  const plan = confirmationRequest(confirmation.summary);
  return { reply: reply ? `${reply}\n\n${plan}` : plan, actions: box.actions, confirmation };
}

/** Runs approved writes in order; each is checked again by the services as it runs. */
async function runApproved(
  { deps, store }: Core,
  actor: Actor,
  decided: Confirmation,
  conversationId: number,
) {
  const ctx = contextFor(deps, actor, decided.model);
  const actions: AssistantAction[] = [];
  const lines: string[] = [];
  for (const write of decided.actions) {
    const outcome = await runTool(ctx, write.tool, write.input);
    if (outcome.ok) {
      actions.push({ tool: write.tool, input: write.input, status: 'done', result: outcome.result });
      lines.push(replyFor(write.tool, outcome.result));
      const pointer = pointerTo(write.tool, outcome.result);
      if (pointer) await store.remember(conversationId, pointer);
    } else {
      const status = outcome.error.code === 'forbidden' ? 'denied' : 'failed';
      actions.push({ tool: write.tool, input: write.input, status, error: outcome.error.message });
      lines.push(`Not done: ${write.summary}. ${outcome.error.message}`);
    }
  }
  return { reply: lines.join('\n\n'), actions };
}

/** The assistant: answers messages with the configured model or the offline engine, and runs confirmed writes. */
export function createAssistant(deps: AssistantDeps) {
  const store = conversationStore(deps.db, deps.clock);
  const modelName = configuredModelName(deps.config);
  const primary: Brain = modelName ? lazyModelBrain(modelName, deps) : offlineBrain;
  const core: Core = { deps, store, primary };

  const assistant = {
    /** The brain answering when nothing fails: the configured model, or the offline engine. */
    model: primary.model,

    /**
     * Answers a message; `onAction` hears each tool call as it happens (the streaming endpoint uses it). A
     * caller that has already read the actor's conversation on the channel (the bot reads it with the chat)
     * passes it as `current`, which saves reading it again; one that is not the actor's own is not used.
     */
    async send(
      actor: Actor,
      raw: {
        text: string;
        channel: Channel;
        conversationId?: number | undefined;
        current?: Conversation | null;
        /** A photo, voice note or file sent with the message; `text` is then its caption, possibly empty. */
        attachment?: Attachment | undefined;
      },
      onAction?: ActionListener,
    ): Promise<AssistantTurn> {
      const { attachment } = raw;
      const parsed = (attachment ? captionInput : messageInput).parse({
        text: raw.text,
        conversationId: raw.conversationId,
      });
      const { conversationId } = parsed;
      let { text } = parsed;
      if (attachment) checkAttachmentSize(attachment.bytes.byteLength);
      // Not an image, or too many pixels to decode: refused before any reader or model sees it.
      if (attachment?.kind === 'image') checkImage(attachment.bytes);
      if (attachment?.kind === 'other') {
        throw invalid(
          'I can read photos (business cards), voice notes and CSV files; this kind of file I cannot use.',
        );
      }
      // A voice note is its words: shown back to the person, then handled as if typed.
      let heard: string | null = null;
      if (attachment?.kind === 'audio') {
        // A transcription is a paid model request like any other, so it counts against the same limits.
        if (speechService(deps.config)) await deps.crm.assistantUsage.take(actor, modelLimits(deps.config));
        heard = await transcribe(deps.config, attachment, deps.warn);
      }
      if (heard !== null) text = [text, heard].filter(Boolean).join('\n');
      const known = conversationId === undefined ? raw.current : null;
      const conversation =
        known && isConversationOf(known, actor, raw.channel)
          ? known
          : await store.open(actor, raw.channel, conversationId);
      const answersQuestion = !attachment && (YES.test(text) || NO.test(text));
      const pending = answersQuestion ? await store.pendingIn(conversation.id) : null;
      if (pending) {
        await store.append(conversation.id, [{ role: 'user', content: text }]);
        return assistant.confirm(actor, pending, YES.test(text));
      }
      // "Email is …" while a lead waits for confirmation: it is proposed again with the field changed.
      const correction = attachment ? null : await cardCorrection(store, conversation.id, text);
      const read = attachment?.kind === 'image' || attachment?.kind === 'table' ? attachment : undefined;
      const brains = brainsFor(primary, read, correction?.brain);
      // Each message to a model is paid for; the built-in readers cost nothing and are not counted.
      if (brains.first === primary && primary !== offlineBrain) {
        await deps.crm.assistantUsage.take(actor, modelLimits(deps.config));
      }
      const answered = await think(core, actor, text, conversation, brains, onAction, read);
      if (correction && answered.box.proposed.length > 0)
        await store.decide(actor, correction.replaces, false);
      if (answered.box.lastRecord) await store.remember(conversation.id, answered.box.lastRecord);
      const turn = await turnOf(store, actor, conversation.id, answered);
      const shown = heard === null ? turn : { ...turn, reply: `I heard: “${heard}”\n\n${turn.reply}` };
      return finish(store, conversation, shown, said(text, attachment));
    },

    /** Runs (or drops) the writes a turn proposed. */
    async confirm(actor: Actor, confirmationId: string, approve: boolean): Promise<AssistantTurn> {
      const decided = await store.decide(actor, confirmationId, approve);
      const conversation = await store.open(actor, 'web', decided.conversationId);
      const answered = { confirmationId: decided.id, approved: approve };
      if (!approve) {
        return finish(store, conversation, {
          reply: 'Cancelled. Nothing was changed.',
          actions: decided.actions.map((a) => ({
            tool: a.tool,
            input: a.input,
            status: 'denied',
            result: { summary: a.summary },
          })),
          answered,
        });
      }
      const ran = await runApproved(core, actor, decided, conversation.id);
      return finish(store, conversation, { ...ran, answered });
    },

    /** Starts the conversation afresh: messages, what "it" refers to and pending writes are forgotten. */
    async clear(actor: Actor, channel: Channel, conversationId?: number): Promise<void> {
      const conversation = await store.open(actor, channel, conversationId);
      await store.clear(actor, conversation.id);
    },

    async messages(actor: Actor, channel: Channel, conversationId?: number) {
      const conversation = await store.open(actor, channel, conversationId);
      return { conversationId: conversation.id, messages: await store.history(conversation.id, 200) };
    },
  };
  return assistant;
}

export type Assistant = ReturnType<typeof createAssistant>;
