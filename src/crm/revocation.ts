import type { Db } from '../db/index.ts';
import type { Actor } from '../domain/actor.ts';
import type { DomainError } from '../domain/errors.ts';
import { recordAudit } from './audit.ts';

interface Revocable {
  id: number;
  revoked_at: string | null;
}

/** How one kind of revocable secret (API token, invitation) is found, revoked and shown in the audit log. */
export interface RevocationSpec<R extends Revocable> {
  entity: string;
  /** The row as the actor may see it, or undefined when it is not theirs to revoke. */
  load(trx: Db): Promise<R | undefined>;
  missing: DomainError;
  /** Throws when the row can no longer be revoked. */
  refuse?(row: R): void;
  /** Sets revoked_at and returns the row as it is then. */
  revoke(trx: Db, id: number): Promise<R>;
  view(row: R): unknown;
}

/** Revokes a row once, checked and written in one transaction; revoking it again is harmless. */
export async function revokeOnce<R extends Revocable>(
  db: Db,
  actor: Actor,
  now: string,
  spec: RevocationSpec<R>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await spec.load(trx);
    if (!before) throw spec.missing;
    spec.refuse?.(before);
    if (before.revoked_at) return;
    const row = await spec.revoke(trx, before.id);
    await recordAudit(trx, actor, now, {
      action: 'delete',
      entity: spec.entity,
      entityId: row.id,
      before: spec.view(before),
      after: spec.view(row),
    });
  });
}
