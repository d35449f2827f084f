import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { Clock } from '../domain/time.ts';
import type { ToolContext } from '../tools/index.ts';
import { runTool } from '../tools/index.ts';
import type { Brain } from './brain.ts';
import { type Conversation, conversationStore, isConversationOf } from './conversation-store.ts';
import { configuredModelName } from './model-choice.ts';
import { offlineBrain } from './offline-brain.ts';
import { pointerTo, replyFor } from './result-replies.ts';
import { toolbox } from './toolbox.ts';
import type { AssistantAction, AssistantTurn, Channel } from './turns.ts';

export type { AssistantTurn, Channel } from './turns.ts';

export const MAX_MESSAGE_LENGTH = 4000;

type ActionListener = (action: AssistantAction) => void;

export const messageInput = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(MAX_MESSAGE_LENGTH),
    conversationId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  })
  .strict();

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
    async answer(input) {
      brain ??= load();
      return (await brain).answer(input);
    },
  };
}

export function createAssistant(deps: AssistantDeps) {
  const { db, crm, clock, config } = deps;
  const store = conversationStore(db, clock);
  const modelName = configuredModelName(config);
  const primary: Brain = modelName ? lazyModelBrain(modelName, deps) : offlineBrain;

  const contextFor = (actor: Actor, model: string): ToolContext => ({
    crm,
    clock,
    actor: { ...actor, via: 'assistant', model },
  });

  async function think(actor: Actor, text: string, conversation: Conversation, onAction?: ActionListener) {
    // The history before this message (the brain gets the message itself separately), read at most once.
    let earlier: ReturnType<typeof store.history> | undefined;
    const history = () => (earlier ??= store.history(conversation.id));
    const run = async (brain: Brain) => {
      const ctx = contextFor(actor, brain.model);
      const box = toolbox(ctx, onAction);
      const reply = await brain.answer({ ctx, text, conversation, history, box });
      return { brain, box, reply };
    };
    if (primary === offlineBrain) return run(offlineBrain);
    try {
      return await run(primary);
    } catch (error) {
      deps.warn?.(
        `assistant model ${primary.model} failed (${(error as Error).name}); the offline engine answers`,
      );
      const answered = await run(offlineBrain);
      return { ...answered, reply: `${FALLBACK_NOTE}\n\n${answered.reply}` };
    }
  }

  /** Records the turn: the person's message (when this turn answers one) and the reply, in one write. */
  async function finish(
    conversation: Conversation,
    turn: Omit<AssistantTurn, 'conversationId'>,
    said?: string,
  ) {
    await store.append(conversation.id, [
      ...(said === undefined ? [] : [{ role: 'user' as const, content: said }]),
      { role: 'assistant', content: turn.reply },
    ]);
    return { conversationId: conversation.id, ...turn };
  }

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
      },
      onAction?: ActionListener,
    ): Promise<AssistantTurn> {
      const { text, conversationId } = messageInput.parse({
        text: raw.text,
        conversationId: raw.conversationId,
      });
      const known = conversationId === undefined ? raw.current : null;
      const conversation =
        known && isConversationOf(known, actor, raw.channel)
          ? known
          : await store.open(actor, raw.channel, conversationId);
      const answersQuestion = YES.test(text) || NO.test(text);
      const pending = answersQuestion ? await store.pendingIn(conversation.id) : null;
      if (pending) {
        await store.append(conversation.id, [{ role: 'user', content: text }]);
        return assistant.confirm(actor, pending, YES.test(text));
      }
      const { brain, box, reply } = await think(actor, text, conversation, onAction);
      if (box.lastRecord) await store.remember(conversation.id, box.lastRecord);
      let confirmation: AssistantTurn['confirmation'];
      const errors = box.actions.map((a) => a.error ?? '').filter(Boolean);
      let answer = reply || (box.proposed.length > 0 ? '' : errors.join('\n') || 'Done.');
      if (box.proposed.length > 0) {
        const proposal = await store.propose(actor, conversation.id, brain.model, box.proposed);
        confirmation = {
          id: proposal.id,
          summary: proposal.actions.map((a) => a.summary),
          expiresAt: proposal.expiresAt,
        };
        // A model words its own request for confirmation; the engine and a silent model get this one.
        if (brain === offlineBrain || !reply) answer = confirmationRequest(answer, confirmation.summary);
      }
      return finish(
        conversation,
        { reply: answer, actions: box.actions, ...(confirmation ? { confirmation } : {}) },
        text,
      );
    },

    /** Runs (or drops) the writes a turn proposed; each is checked again by the services as it runs. */
    async confirm(actor: Actor, confirmationId: string, approve: boolean): Promise<AssistantTurn> {
      const decided = await store.decide(actor, confirmationId, approve);
      const conversation = await store.open(actor, 'web', decided.conversationId);
      if (!approve) {
        return finish(conversation, {
          reply: 'Cancelled. Nothing was changed.',
          actions: decided.actions.map((a) => ({ tool: a.tool, input: a.input, status: 'denied' })),
        });
      }
      const ctx = contextFor(actor, decided.model);
      const actions: AssistantAction[] = [];
      const lines: string[] = [];
      for (const write of decided.actions) {
        const outcome = await runTool(ctx, write.tool, write.input);
        if (outcome.ok) {
          actions.push({ tool: write.tool, input: write.input, status: 'done', result: outcome.result });
          lines.push(replyFor(write.tool, outcome.result));
          const pointer = pointerTo(write.tool, outcome.result);
          if (pointer) await store.remember(conversation.id, pointer);
        } else {
          const status = outcome.error.code === 'forbidden' ? 'denied' : 'failed';
          actions.push({ tool: write.tool, input: write.input, status, error: outcome.error.message });
          lines.push(`Not done: ${write.summary}. ${outcome.error.message}`);
        }
      }
      return finish(conversation, { reply: lines.join('\n\n'), actions });
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

function confirmationRequest(reply: string, summary: string[]): string {
  const plan = summary.map((s) => `• ${s}`).join('\n');
  const intro =
    summary.length === 1 ? 'I will do this once you confirm:' : 'I will do these once you confirm:';
  return [reply, `${intro}\n${plan}\nConfirm? (yes / no)`].filter(Boolean).join('\n\n');
}
