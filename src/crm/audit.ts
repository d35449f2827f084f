import { z } from 'zod';
import type { AuditAction, AuditEntry as LoggedEntry } from '../contracts/audit.ts';
import type { Db } from '../db/index.ts';
import type { AuditRow } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { forbidden } from '../domain/errors.ts';
import { can } from '../domain/policy.ts';
import type { CrmDeps } from './deps.ts';
import { applyFilters, type Filters } from './filters.ts';
import { listQuery, pageOf, paginate, sortable } from './list.ts';
import { enqueueNotices } from './notifications.ts';

export type { AuditAction } from '../contracts/audit.ts';

export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Written inside the same transaction as the change it describes, so a change never lands without its entry,
 * and with the notices the change calls for (the notification outbox).
 */
export async function recordAudit(trx: Db, actor: Actor, at: string, entry: AuditEntry): Promise<void> {
  const row = await trx
    .insertInto('audit_log')
    .values({
      organization_id: actor.organizationId,
      actor_user_id: actor.userId,
      via: actor.via,
      model: actor.model ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueNotices(trx, actor, at, { auditId: row.id, ...entry });
}

const SORT = sortable(['created_at']);

export const auditListQuery = listQuery(SORT, {
  entity: z.string().max(40).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  actorUserId: z.coerce.number().int().positive().optional(),
  via: z.string().max(20).optional(),
});

const FILTERS: Filters = {
  entity: ['entity', '='],
  entityId: ['entity_id', '='],
  actorUserId: ['actor_user_id', '='],
  via: ['via', '='],
};

/** A stored snapshot: the JSON of a record as it was or became. */
const snapshotOf = (json: string | null) =>
  json === null ? null : (JSON.parse(json) as Record<string, unknown>);

function toAuditEntry(r: AuditRow): LoggedEntry {
  return {
    id: r.id,
    actorUserId: r.actor_user_id,
    via: r.via as LoggedEntry['via'],
    model: r.model,
    action: r.action as AuditAction,
    entity: r.entity,
    entityId: r.entity_id,
    before: snapshotOf(r.before),
    after: snapshotOf(r.after),
    createdAt: r.created_at,
  };
}

export function auditService({ db }: CrmDeps) {
  return {
    async list(actor: Actor, raw: unknown) {
      if (!can(actor, 'audit', 'read')) throw forbidden('Only owners can read the audit log');
      const params = auditListQuery.parse(raw);
      const q = db.selectFrom('audit_log').selectAll().where('organization_id', '=', actor.organizationId);
      return pageOf(await paginate(applyFilters(q, params, FILTERS), params, SORT), toAuditEntry);
    },
  };
}
