import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import { customersService } from '../src/crm/customers.ts';
import { dealsService } from '../src/crm/deals.ts';
import type { Db } from '../src/db/index.ts';
import { DomainError } from '../src/domain/errors.ts';
import { systemClock } from '../src/domain/time.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/** A write that finds its record gone fails as a 404, not with whatever the database layer throws. */
function isNotFound(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'not_found';
}

/**
 * Runs `change` in a transaction of its own that holds a customer's row, starts `write` while it does, and
 * commits once `write` is waiting for that row, so `write` reads the record only as `change` left it.
 */
async function whileHeld(db: Db, change: (trx: Db) => Promise<void>, write: () => Promise<unknown>) {
  const trx = await db.startTransaction().execute();
  let pending: Promise<unknown> | undefined;
  try {
    const { pid } = await sql<{ pid: number }>`select pg_backend_pid() as pid`
      .execute(trx)
      .then((r) => r.rows[0]!);
    await change(trx);
    pending = write().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await waitUntilBlockedBy(db, pid);
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
  return (await pending) as { value?: unknown; error?: unknown };
}

async function waitUntilBlockedBy(db: Db, pid: number): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(db);
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the write never waited for the held row');
}

async function auditOf(db: Db, entity: string, id: number, action: string) {
  const row = await db
    .selectFrom('audit_log')
    .select(['before', 'after'])
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return { before: JSON.parse(row.before ?? 'null'), after: JSON.parse(row.after ?? 'null') };
}

onEachDatabase('writes racing a concurrent change', ({ kind, db }) => {
  let t: Tenant;
  let api: TestApp;
  const customers = () => customersService({ db: db(), clock: systemClock });
  const deals = () => dealsService({ db: db(), clock: systemClock });
  before(async () => {
    t = await createTenant(db());
    api = await startTestApp(db());
  });

  const newCustomer = async (name: string) => (await customers().create(t.owner.actor, { name })).id;

  test('an update of a record deleted meanwhile is a 404', async () => {
    const id = await newCustomer('Deleted Meanwhile');
    if (kind === 'postgres') {
      const outcome = await whileHeld(
        db(),
        async (trx) => {
          await trx.deleteFrom('customers').where('id', '=', id).execute();
        },
        () => customers().update(t.owner.actor, id, { city: 'Oslo' }),
      );
      assert.ok(isNotFound(outcome.error), `expected not_found, got ${String(outcome.error)}`);
    } else {
      // One SQLite connection runs one transaction at a time: the delete lands wholly before the update.
      await db().deleteFrom('customers').where('id', '=', id).execute();
      await assert.rejects(customers().update(t.owner.actor, id, { city: 'Oslo' }), isNotFound);
    }
    await assert.rejects(customers().remove(t.owner.actor, id), isNotFound);
  });

  test('the audit "before" is the row as the update found it under its lock', async () => {
    const id = await newCustomer('Before Lock');
    const rename = async (trx: Db) => {
      await trx.updateTable('customers').set({ city: 'Bergen' }).where('id', '=', id).execute();
    };
    if (kind === 'postgres') {
      const outcome = await whileHeld(db(), rename, () =>
        customers().update(t.owner.actor, id, { notes: 'called back' }),
      );
      assert.equal(outcome.error, undefined);
    } else {
      await rename(db());
      await customers().update(t.owner.actor, id, { notes: 'called back' });
    }
    const audit = await auditOf(db(), 'customer', id, 'update');
    assert.equal(audit.before.city, 'Bergen');
    assert.equal(audit.before.notes, null);
    assert.equal(audit.after.city, 'Bergen');
    assert.equal(audit.after.notes, 'called back');
  });

  test('the row grant is checked on the row as it is under the lock', async () => {
    const deal = await deals().create(t.employee.actor, { title: 'Handed Over' });
    const handOver = async (trx: Db) => {
      await trx
        .updateTable('deals')
        .set({ assigned_to: t.colleague.userId })
        .where('id', '=', deal.id)
        .execute();
    };
    const write = () => deals().update(t.employee.actor, deal.id, { value: 500 });
    if (kind === 'postgres') {
      const outcome = await whileHeld(db(), handOver, write);
      assert.ok(outcome.error instanceof DomainError && outcome.error.code === 'forbidden');
    } else {
      await handOver(db());
      await assert.rejects(write(), (e) => e instanceof DomainError && e.code === 'forbidden');
    }
    const row = await db()
      .selectFrom('deals')
      .select('value')
      .where('id', '=', deal.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.value, 0);
  });

  test('a stage move of a deal deleted meanwhile is a 404', async () => {
    const deal = await deals().create(t.owner.actor, { title: 'Moved Away' });
    const remove = async (trx: Db) => {
      await trx.deleteFrom('deals').where('id', '=', deal.id).execute();
    };
    const move = () => deals().moveStage(t.owner.actor, deal.id, { stage: 'Qualified' });
    if (kind === 'postgres') {
      const outcome = await whileHeld(db(), remove, move);
      assert.ok(isNotFound(outcome.error), `expected not_found, got ${String(outcome.error)}`);
    } else {
      await remove(db());
      await assert.rejects(move(), isNotFound);
    }
  });

  test('over HTTP, a PATCH of a record deleted meanwhile answers 404', async () => {
    const id = await newCustomer('Gone Over HTTP');
    const patch = () =>
      api.call('PATCH', `/api/v1/customers/${id}`, { token: t.owner.token, body: { city: 'Oslo' } });
    let res: Awaited<ReturnType<typeof patch>>;
    if (kind === 'postgres') {
      const outcome = await whileHeld(
        db(),
        async (trx) => {
          await trx.deleteFrom('customers').where('id', '=', id).execute();
        },
        patch,
      );
      res = outcome.value as Awaited<ReturnType<typeof patch>>;
    } else {
      await db().deleteFrom('customers').where('id', '=', id).execute();
      res = await patch();
    }
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });
});
