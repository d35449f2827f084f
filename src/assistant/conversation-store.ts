import { randomBytes } from 'node:crypto';
import { type Expression, type Selectable, sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { AssistantConfirmationsTable, ConversationsTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { conflict, DomainError, notFound } from '../domain/errors.ts';
import { type Clock, isoNow } from '../domain/time.ts';
import type { Channel } from './turns.ts';

/** What a confirmation id can look like: 16 random bytes in base64url. */
const CONFIRMATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The assistant's own tables (conversations, their messages, confirmations waiting for an answer): the one
 * module of the assistant that reads or writes the database.
 */

/** How many earlier messages the model sees. */
export const HISTORY_LIMIT = 20;
const CONFIRMATION_MINUTES = 30;

export interface RecordPointer {
  type: 'customer' | 'lead' | 'deal' | 'issue' | 'order' | 'payment' | 'activity';
  id: number;
  label?: string;
}

export interface Conversation {
  id: number;
  userId: number;
  organizationId: number;
  channel: Channel;
  lastRecord: RecordPointer | null;
}

export interface ProposedWrite {
  tool: string;
  input: unknown;
  summary: string;
}

export interface Confirmation {
  id: string;
  conversationId: number;
  model: string;
  actions: ProposedWrite[];
  expiresAt: string;
}

/** A conversations row as the assistant and the bot use it. */
export function toConversation(
  r: Pick<ConversationsTable, 'user_id' | 'organization_id' | 'channel' | 'last_record'> & { id: number },
): Conversation {
  return {
    id: r.id,
    userId: r.user_id,
    organizationId: r.organization_id,
    channel: r.channel as Channel,
    lastRecord: r.last_record ? (JSON.parse(r.last_record) as RecordPointer) : null,
  };
}

/** Whether a conversation read along with something else is the actor's own on the channel. */
export function isConversationOf(conversation: Conversation, actor: Actor, channel: Channel): boolean {
  return (
    conversation.userId === actor.userId &&
    conversation.organizationId === actor.organizationId &&
    conversation.channel === channel
  );
}

/**
 * The id of a user's conversation on a channel in an organization: there is one each, but should a race have
 * started two, the newest is the one that goes on. The user and organization are expressions, so a query
 * about something else (the bot's chat read) can find the conversation in the same statement.
 */
export function currentConversationId(
  db: Db,
  channel: Channel,
  userId: Expression<number>,
  organizationId: Expression<number>,
) {
  return db
    .selectFrom('conversations as current')
    .select((eb) => eb.fn.max('current.id').as('id'))
    .where('current.user_id', '=', userId)
    .where('current.organization_id', '=', organizationId)
    .where('current.channel', '=', channel);
}

/** Conversations, their messages and pending confirmations, always of the acting user in their organization. */
export function conversationStore(db: Db, clock: Clock) {
  return { ...conversationRows(db, clock), ...messageRows(db, clock), ...confirmationRows(db, clock) };
}

/** The conversation rows: opening, starting, what "it" refers to, and clearing. */
function conversationRows(db: Db, clock: Clock) {
  const mine = (actor: Actor) =>
    db
      .selectFrom('conversations')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .where('organization_id', '=', actor.organizationId);

  return {
    /** The given conversation, or the user's current one on the channel, started when there is none. */
    async open(actor: Actor, channel: Channel, conversationId?: number): Promise<Conversation> {
      if (conversationId !== undefined) {
        const row = await mine(actor).where('id', '=', conversationId).executeTakeFirst();
        if (!row) throw notFound('conversation', conversationId);
        return toConversation(row);
      }
      const current = await mine(actor)
        .where(
          'id',
          '=',
          currentConversationId(db, channel, sql.val(actor.userId), sql.val(actor.organizationId)),
        )
        .executeTakeFirst();
      if (current) return toConversation(current);
      return this.start(actor, channel);
    },

    async start(actor: Actor, channel: Channel): Promise<Conversation> {
      const now = isoNow(clock);
      const row: Omit<ConversationsTable, 'id'> = {
        organization_id: actor.organizationId,
        user_id: actor.userId,
        channel,
        last_record: null,
        created_at: now,
        updated_at: now,
      };
      const created = await db
        .insertInto('conversations')
        .values(row)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toConversation(created);
    },

    async remember(conversationId: number, record: RecordPointer): Promise<void> {
      await db
        .updateTable('conversations')
        .set({ last_record: JSON.stringify(record), updated_at: isoNow(clock) })
        .where('id', '=', conversationId)
        .execute();
    },

    /** Forgets the conversation's messages, its last record and any writes still waiting. */
    async clear(actor: Actor, conversationId: number): Promise<void> {
      const conversation = await this.open(actor, 'web', conversationId);
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('conversation_messages')
          .where('conversation_id', '=', conversation.id)
          .execute();
        await trx
          .deleteFrom('assistant_confirmations')
          .where('conversation_id', '=', conversation.id)
          .execute();
        await trx
          .updateTable('conversations')
          .set({ last_record: null, updated_at: isoNow(clock) })
          .where('id', '=', conversation.id)
          .execute();
      });
    },
  };
}

/** A conversation's messages. */
function messageRows(db: Db, clock: Clock) {
  return {
    /** The last messages, oldest first, as the model reads them. */
    async history(conversationId: number, limit = HISTORY_LIMIT) {
      const rows = await db
        .selectFrom('conversation_messages')
        .select(['role', 'content', 'created_at'])
        .where('conversation_id', '=', conversationId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map((r) => ({ role: r.role, content: r.content, at: r.created_at }));
    },

    /** Adds messages, in order, in one write; the conversation row itself is left alone. */
    async append(
      conversationId: number,
      messages: { role: 'user' | 'assistant'; content: string }[],
    ): Promise<void> {
      const now = isoNow(clock);
      await db
        .insertInto('conversation_messages')
        .values(messages.map((m) => ({ conversation_id: conversationId, ...m, created_at: now })))
        .execute();
    },
  };
}

/** A confirmations row as the assistant uses it. */
function toConfirmation(row: Selectable<AssistantConfirmationsTable>): Confirmation {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    model: row.model,
    actions: JSON.parse(row.actions) as ProposedWrite[],
    expiresAt: row.expires_at,
  };
}

/** An unknown or foreign confirmation id; the id itself means nothing to a person, so it is not repeated. */
const notWaiting = () => new DomainError('not_found', 'That change is no longer waiting for an answer.');
const SETTLED_AS: Record<string, string> = { approved: 'confirmed', denied: 'cancelled', expired: 'expired' };

/** Writes proposed in a conversation, waiting for the person's yes or no. */
function confirmationRows(db: Db, clock: Clock) {
  return {
    async propose(actor: Actor, conversationId: number, model: string, actions: ProposedWrite[]) {
      const now = clock();
      const confirmation: Confirmation = {
        id: randomBytes(16).toString('base64url'),
        conversationId,
        model,
        actions,
        expiresAt: new Date(now.getTime() + CONFIRMATION_MINUTES * 60_000).toISOString(),
      };
      await db
        .insertInto('assistant_confirmations')
        .values({
          id: confirmation.id,
          conversation_id: conversationId,
          organization_id: actor.organizationId,
          user_id: actor.userId,
          model,
          actions: JSON.stringify(actions),
          status: 'pending',
          created_at: now.toISOString(),
          expires_at: confirmation.expiresAt,
        })
        .execute();
      return confirmation;
    },

    /** The newest confirmation of a conversation still waiting for an answer, if any. */
    async pendingIn(conversationId: number): Promise<string | null> {
      const row = await db
        .selectFrom('assistant_confirmations')
        .select('id')
        .where('conversation_id', '=', conversationId)
        .where('status', '=', 'pending')
        .where('expires_at', '>', isoNow(clock))
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.id ?? null;
    },

    /** The newest confirmation still waiting, with its writes: a correction re-proposes them changed. */
    async pendingWrites(conversationId: number): Promise<Confirmation | null> {
      const row = await db
        .selectFrom('assistant_confirmations')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('status', '=', 'pending')
        .where('expires_at', '>', isoNow(clock))
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toConfirmation(row) : null;
    },

    /**
     * Settles a confirmation exactly once: the status changes from pending in one statement, so a double
     * click or a repeated Telegram callback cannot run the writes twice.
     */
    async decide(actor: Actor, confirmationId: string, approve: boolean): Promise<Confirmation> {
      // Ids are base64url; anything else is no confirmation of ours (and a NUL would fail PostgreSQL's text).
      if (!CONFIRMATION_ID.test(confirmationId)) throw notWaiting();
      const now = isoNow(clock);
      const row = await db
        .selectFrom('assistant_confirmations')
        .selectAll()
        .where('id', '=', confirmationId)
        .where('user_id', '=', actor.userId)
        .where('organization_id', '=', actor.organizationId)
        .executeTakeFirst();
      if (!row) throw notWaiting();
      if (row.status !== 'pending')
        throw conflict(`This change was already ${SETTLED_AS[row.status] ?? row.status}.`);
      if (row.expires_at <= now) {
        await db
          .updateTable('assistant_confirmations')
          .set({ status: 'expired' })
          .where('id', '=', row.id)
          .execute();
        throw conflict('This change has expired; ask again.');
      }
      const taken = await db
        .updateTable('assistant_confirmations')
        .set({ status: approve ? 'approved' : 'denied', decided_at: now })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) throw conflict('This change was already answered.');
      return toConfirmation(row);
    },
  };
}

export type ConversationStore = ReturnType<typeof conversationStore>;
