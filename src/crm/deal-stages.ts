import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import { isoNow } from '../domain/time.ts';
import { resolveStage, stageRef } from './deal-placement.ts';
import { DEAL, dealDetail } from './deal-records.ts';
import type { CrmDeps } from './deps.ts';
import { optionalText } from './fields.ts';
import { lockRecord, writeRecord } from './records.ts';
import { requireRowGrant } from './scope.ts';

export const dealMoveInput = z.object({ stage: stageRef, reason: optionalText(1000) }).strict();

/**
 * Moves a deal to another stage of its pipeline. The stage decides probability and status; closing stamps
 * closed_at and the reason, reopening clears them. Moving to the stage it is in changes nothing, except that a
 * closed deal takes a newly given reason ("mark it lost: too expensive" said twice).
 */
export async function moveDealStage({ db, clock }: CrmDeps, actor: Actor, dealId: number, raw: unknown) {
  const input = dealMoveInput.parse(raw);
  const now = isoNow(clock);
  return db.transaction().execute(async (trx) => {
    const before = await lockRecord(trx, actor, DEAL, dealId);
    requireRowGrant(actor, 'deals', 'update', before);
    const stage = await resolveStage(trx, actor, before.pipeline_id, input.stage);
    if (stage.id === before.stage_id) {
      const newReason =
        stage.outcome !== 'open' && input.reason !== undefined && input.reason !== before.close_reason;
      if (newReason) await writeRecord(trx, actor, now, DEAL, before, { close_reason: input.reason ?? null });
      return dealDetail(trx, before.id);
    }
    const closing = stage.outcome !== 'open';
    const stillSameOutcome = before.status === stage.outcome;
    const changes = {
      stage_id: stage.id,
      probability: stage.probability,
      status: stage.outcome,
      closed_at: closing ? (stillSameOutcome ? before.closed_at : now) : null,
      close_reason: closing ? (input.reason ?? (stillSameOutcome ? before.close_reason : null)) : null,
    };
    await writeRecord(trx, actor, now, DEAL, before, changes, 'move_stage');
    await trx
      .insertInto('deal_stage_history')
      .values({
        organization_id: actor.organizationId,
        deal_id: before.id,
        from_stage_id: before.stage_id,
        to_stage_id: stage.id,
        changed_by: actor.userId,
        changed_at: now,
      })
      .execute();
    return dealDetail(trx, before.id);
  });
}
