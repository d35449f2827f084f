import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { type Crm, createCrm } from '../src/crm/index.ts';
import type { Db } from '../src/db/index.ts';
import type { Actor } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * The open pipeline on the dashboard comes from totals the database keeps with triggers. Whatever happens
 * to deals (created, edited, moved, won, reopened, reassigned, deleted, or written by SQL outside the
 * services), the totals must equal the sums of the deals themselves, for the organization and per employee.
 */
const STAGES = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
const CURRENCIES = ['USD', 'EUR'];

type Step =
  | { op: 'create'; value: number; currency: string; stage: string; assignee: number }
  | { op: 'edit'; pick: number; value: number; currency: string }
  | { op: 'move'; pick: number; stage: string }
  | { op: 'assign'; pick: number; assignee: number }
  | { op: 'delete'; pick: number }
  | { op: 'sql-delete'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    value: fc.integer({ min: 0, max: 10_000_000 }),
    currency: fc.constantFrom(...CURRENCIES),
    stage: fc.constantFrom(...STAGES),
    assignee: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    op: fc.constant('edit' as const),
    pick: fc.nat(),
    value: fc.integer({ min: 0, max: 10_000_000 }),
    currency: fc.constantFrom(...CURRENCIES),
  }),
  fc.record({ op: fc.constant('move' as const), pick: fc.nat(), stage: fc.constantFrom(...STAGES) }),
  fc.record({ op: fc.constant('assign' as const), pick: fc.nat(), assignee: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('sql-delete' as const), pick: fc.nat() }),
);

onEachDatabase('open pipeline totals kept by the database', ({ db }) => {
  let crm: Crm;
  let t: Tenant;
  before(async () => {
    crm = createCrm({ db: db(), clock: systemClock });
    t = await createTenant(db());
  });

  /** What the dashboard shows, as [stage name, currency, count, value] sorted. */
  async function shown(actor: Actor) {
    const summary = (await crm.analytics.summary(actor, { period: 'this_month' })) as unknown as {
      pipeline: { stages: { stageName: string; currency: string; count: number; value: number | string }[] };
    };
    return summary.pipeline.stages
      .map((s) => [s.stageName, s.currency, s.count, Number(s.value)] as const)
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
  }

  /** The same figures summed from the deals, with the assignee filter an employee's view applies. */
  async function counted(database: Db, assignedTo?: number) {
    const rows = await database
      .selectFrom('deals')
      .innerJoin('pipeline_stages', 'pipeline_stages.id', 'deals.stage_id')
      .where('deals.organization_id', '=', t.orgId)
      .where('deals.status', '=', 'open')
      .$if(assignedTo !== undefined, (q) => q.where('deals.assigned_to', '=', assignedTo!))
      .select([
        'pipeline_stages.name',
        'deals.currency',
        sql<number>`count(*)`.as('count'),
        sql<number>`sum(deals.value)`.as('value'),
      ])
      .groupBy(['pipeline_stages.name', 'deals.currency'])
      .execute();
    return rows
      .map((r) => [r.name, r.currency, Number(r.count), Number(r.value)] as const)
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
  }

  test('equal the sums of the deals after any sequence of changes', async () => {
    const employees = [null, t.employee.userId, t.colleague.userId];
    const employeeView: Actor = {
      ...t.employee.actor,
      settings: { ...t.employee.actor.settings, employeeVisibility: 'assigned' },
    };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const ids: number[] = [];
        const pick = (n: number) => ids[n % ids.length];
        for (const s of steps) {
          if (s.op === 'create') {
            const deal = await crm.deals.create(t.owner.actor, {
              title: 'Totals check',
              value: s.value,
              currency: s.currency,
              stage: s.stage,
              assignedTo: employees[s.assignee],
            });
            ids.push(deal.id);
            continue;
          }
          const id = pick(s.pick);
          if (id === undefined) continue;
          if (s.op === 'edit')
            await crm.deals.update(t.owner.actor, id, { value: s.value, currency: s.currency });
          if (s.op === 'move') await crm.deals.moveStage(t.owner.actor, id, { stage: s.stage });
          if (s.op === 'assign')
            await crm.deals.update(t.owner.actor, id, { assignedTo: employees[s.assignee] });
          if (s.op === 'delete' || s.op === 'sql-delete') {
            if (s.op === 'delete') await crm.deals.remove(t.owner.actor, id);
            else {
              await db().deleteFrom('deal_stage_history').where('deal_id', '=', id).execute();
              await db().deleteFrom('deals').where('id', '=', id).execute();
            }
            ids.splice(ids.indexOf(id), 1);
          }
        }
        assert.deepEqual(await shown(t.owner.actor), await counted(db()));
        assert.deepEqual(await shown(employeeView), await counted(db(), t.employee.userId));
      }),
      { numRuns: 25 },
    );
  });
});
