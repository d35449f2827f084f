import { type Selectable, sql, type Updateable } from 'kysely';
import {
  type Conversation,
  currentConversationId,
  toConversation,
} from '../../assistant/conversation-store.ts';
import { membershipColumns } from '../../crm/actors.ts';
import { type AuditEntry, recordAudit } from '../../crm/audit.ts';
import type { Db } from '../../db/index.ts';
import type { TelegramChatsTable } from '../../db/schema.ts';
import { type Actor, type OrganizationSettings, parseSettings, type Role } from '../../domain/actor.ts';
import type { Clock } from '../../domain/time.ts';

/** A Telegram chat as the bot remembers it. */
export interface ChatRecord {
  chatId: number;
  kind: string;
  userId: number | null;
  telegramUserId: number | null;
  organizationId: number | null;
  login: { step: 'email' | 'password'; email: string | null; expiresAt: string } | null;
  confirmationId: string | null;
  more: { key: string; pages: string[] } | null;
  blockedAt: string | null;
  /** The signed-in user's membership in the organization the chat acts in; null when it has none (left). */
  membership: { role: Role; settings: OrganizationSettings } | null;
  /** The user's assistant conversation on Telegram in that organization, once there is one. */
  conversation: Conversation | null;
}

type ChatRow = Selectable<TelegramChatsTable> & {
  member_role: string | null;
  org_settings: string | null;
  conversation_id: number | null;
  conversation_last_record: string | null;
};

function toChat(r: ChatRow): ChatRecord {
  return {
    chatId: Number(r.chat_id),
    kind: r.kind,
    userId: r.user_id,
    telegramUserId: r.telegram_user_id === null ? null : Number(r.telegram_user_id),
    organizationId: r.organization_id,
    login:
      r.login_step && r.login_expires_at
        ? {
            step: r.login_step === 'password' ? 'password' : 'email',
            email: r.login_email,
            expiresAt: r.login_expires_at,
          }
        : null,
    confirmationId: r.confirmation_id,
    more: r.more_pages ? (JSON.parse(r.more_pages) as ChatRecord['more']) : null,
    blockedAt: r.blocked_at,
    membership:
      r.member_role !== null && r.org_settings !== null
        ? { role: r.member_role as Role, settings: parseSettings(r.org_settings) }
        : null,
    conversation:
      r.conversation_id !== null && r.user_id !== null && r.organization_id !== null
        ? toConversation({
            id: r.conversation_id,
            user_id: r.user_id,
            organization_id: r.organization_id,
            channel: 'telegram',
            last_record: r.conversation_last_record,
          })
        : null,
  };
}

/**
 * The chat with the membership it acts through and the conversation the assistant continues, in one
 * read: every update starts here.
 */
async function readChat(db: Db, botId: number, chatId: number): Promise<ChatRecord | null> {
  const membership = membershipColumns(db, sql.ref('c.user_id'), sql.ref('c.organization_id'));
  const r = await db
    .selectFrom('telegram_chats as c')
    .leftJoin('conversations as cv', (join) =>
      join.on(
        'cv.id',
        '=',
        currentConversationId(db, 'telegram', sql.ref('c.user_id'), sql.ref('c.organization_id')),
      ),
    )
    .selectAll('c')
    .select([
      membership.role.as('member_role'),
      membership.settings.as('org_settings'),
      'cv.id as conversation_id',
      'cv.last_record as conversation_last_record',
    ])
    .where('c.bot_id', '=', botId)
    .where('c.chat_id', '=', chatId)
    .executeTakeFirst();
  return r ? toChat(r) : null;
}

/** The chat columns a link, a logout or a switch leaves behind: nothing of the previous person's. */
const FORGET_SESSION = {
  login_step: null,
  login_email: null,
  login_expires_at: null,
  confirmation_id: null,
  more_pages: null,
};

type ChatLink = Pick<
  Updateable<TelegramChatsTable>,
  'user_id' | 'telegram_user_id' | 'organization_id' | 'linked_at'
>;
type LinkAudit = AuditEntry & { actor: Actor; at: string };

/** The bot's memory of chats. Linking and unlinking are audited in the organization acted in. */
export function chatStore(db: Db, clock: Clock, botId: number) {
  const row = (chatId: number) =>
    db.updateTable('telegram_chats').where('bot_id', '=', botId).where('chat_id', '=', chatId);
  const now = () => clock().toISOString();

  /** Who the chat is signed in as, changed together with its audit entry; the old session goes. */
  const relink = (chatId: number, link: ChatLink, audit: LinkAudit | null) =>
    db.transaction().execute(async (trx) => {
      await trx
        .updateTable('telegram_chats')
        .set({ ...FORGET_SESSION, ...link, updated_at: now() })
        .where('bot_id', '=', botId)
        .where('chat_id', '=', chatId)
        .execute();
      if (audit) {
        const { actor, at, ...entry } = audit;
        await recordAudit(trx, actor, at, entry);
      }
    });

  return {
    /**
     * The chat, created on first contact; a chat that writes again is active again. Almost every message
     * comes from a chat known as it is, so the row is read first and written only when something changed.
     */
    async touch(chatId: number, kind: string): Promise<ChatRecord> {
      const known = await this.get(chatId);
      if (known && known.kind === kind && known.blockedAt === null) return known;
      const at = now();
      await db
        .insertInto('telegram_chats')
        .values({ bot_id: botId, chat_id: chatId, kind, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['bot_id', 'chat_id']).doUpdateSet({ kind, blocked_at: null }))
        .execute();
      return (await this.get(chatId))!;
    },

    /** The chat as every update starts with it: see readChat. */
    get: (chatId: number): Promise<ChatRecord | null> => readChat(db, botId, chatId),

    /** Signs the chat in as the actor's user, in the actor's organization. */
    async link(chatId: number, telegramUserId: number | null, actor: Actor): Promise<void> {
      const at = now();
      await relink(
        chatId,
        {
          user_id: actor.userId,
          telegram_user_id: telegramUserId,
          organization_id: actor.organizationId,
          linked_at: at,
        },
        {
          actor,
          at,
          action: 'create',
          entity: 'telegram_link',
          entityId: null,
          after: { chatId, telegramUserId },
        },
      );
    },

    /** Signs the chat out; audited when someone (`actor`) did it rather than a lost membership. */
    async unlink(chatId: number, actor: Actor | null): Promise<void> {
      const at = now();
      const link = { user_id: null, telegram_user_id: null, organization_id: null, linked_at: null };
      const audit = actor && {
        actor,
        at,
        action: 'delete' as const,
        entity: 'telegram_link',
        entityId: null,
        before: { chatId },
      };
      await relink(chatId, link, audit);
    },

    async switchOrganization(chatId: number, organizationId: number): Promise<void> {
      await row(chatId)
        .set({ organization_id: organizationId, confirmation_id: null, more_pages: null, updated_at: now() })
        .execute();
    },

    async startLogin(chatId: number, step: 'email' | 'password', email: string | null, expiresAt: string) {
      await row(chatId)
        .set({ login_step: step, login_email: email, login_expires_at: expiresAt, updated_at: now() })
        .execute();
    },

    async endLogin(chatId: number): Promise<void> {
      await row(chatId)
        .set({ login_step: null, login_email: null, login_expires_at: null, updated_at: now() })
        .execute();
    },

    async setConfirmation(chatId: number, confirmationId: string | null): Promise<void> {
      await row(chatId).set({ confirmation_id: confirmationId, updated_at: now() }).execute();
    },

    async setMore(chatId: number, more: ChatRecord['more']): Promise<void> {
      await row(chatId)
        .set({ more_pages: more ? JSON.stringify(more) : null, updated_at: now() })
        .execute();
    },

    async markBlocked(chatId: number): Promise<void> {
      await row(chatId).set({ blocked_at: now(), updated_at: now() }).execute();
    },

    /** Private chats signed in as the user, still taking messages: where notifications go. */
    async privateChatsOf(userId: number): Promise<{ chatId: number; organizationId: number | null }[]> {
      const rows = await db
        .selectFrom('telegram_chats')
        .select(['chat_id', 'organization_id'])
        .where('bot_id', '=', botId)
        .where('user_id', '=', userId)
        .where('kind', '=', 'private')
        .where('blocked_at', 'is', null)
        .execute();
      return rows.map((r) => ({ chatId: Number(r.chat_id), organizationId: r.organization_id }));
    },
  };
}

export type ChatStore = ReturnType<typeof chatStore>;
