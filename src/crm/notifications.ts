import type { Role } from '../domain/actor.ts';
import type { CrmDeps } from './deps.ts';

/** An audit entry as the notifier reads it: who did what to which record, and the record before and after. */
export interface AuditedChange {
  id: number;
  organization_id: number;
  actor_user_id: number | null;
  action: string;
  entity: string;
  before: string | null;
  after: string | null;
}

/**
 * System-level reads for the process that tells people about changes (the Telegram notifier). No actor: it
 * reads across organizations, and decides itself who may hear of what.
 */
export function notificationsService({ db }: CrmDeps) {
  return {
    /** The newest audit entry's id (0 when there is none), where a first run starts from. */
    async lastChangeId(): Promise<number> {
      const last = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      return Number(last?.id ?? 0);
    },

    /** Up to `limit` audit entries after `afterId` that were written no later than `settledBy`, oldest first. */
    changesSince(afterId: number, settledBy: string, limit: number): Promise<AuditedChange[]> {
      return db
        .selectFrom('audit_log')
        .select(['id', 'organization_id', 'actor_user_id', 'action', 'entity', 'before', 'after'])
        .where('id', '>', afterId)
        .where('created_at', '<=', settledBy)
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /** A user's role in an organization, or null when they are not (or no longer) a member. */
    async roleOf(userId: number | null, organizationId: number): Promise<Role | null> {
      if (userId === null) return null;
      const row = await db
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', userId)
        .where('organization_id', '=', organizationId)
        .executeTakeFirst();
      return (row?.role as Role | undefined) ?? null;
    },

    /** The owners of an organization, by user id. */
    async ownersOf(organizationId: number): Promise<number[]> {
      const rows = await db
        .selectFrom('memberships')
        .select('user_id')
        .where('organization_id', '=', organizationId)
        .where('role', '=', 'owner')
        .execute();
      return rows.map((r) => r.user_id);
    },

    /** A user's display name, or null for an unknown user. */
    async userName(userId: number): Promise<string | null> {
      const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
      return row?.name ?? null;
    },

    /** An organization's name, or '' for an unknown one. */
    async organizationName(id: number): Promise<string> {
      const row = await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirst();
      return row?.name ?? '';
    },
  };
}

export type Notifications = ReturnType<typeof notificationsService>;
