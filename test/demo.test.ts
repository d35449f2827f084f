import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { actorFor } from '../src/crm/actors.ts';
import { createCrm } from '../src/crm/index.ts';
import type { Actor } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { DEMO_USERS, seedDemo } from '../src/seed/demo.ts';
import { onEachDatabase } from './support/databases.ts';

onEachDatabase('demo data', ({ db }) => {
  const crm = () => createCrm({ db: db(), clock: systemClock });
  const as: Partial<Record<string, Actor>> = {};

  before(async () => {
    const { organizationId } = await seedDemo(db(), systemClock);
    for (const u of DEMO_USERS) {
      const row = await db()
        .selectFrom('users')
        .select('id')
        .where('email', '=', u.email)
        .executeTakeFirstOrThrow();
      as[u.role === 'employee' ? u.email : u.role] = await actorFor(db(), row.id, 'web', { organizationId });
    }
  });

  test('every area has something in it for the owner', async () => {
    const owner = as.owner!;
    for (const area of [
      'customers',
      'leads',
      'deals',
      'issues',
      'orders',
      'payments',
      'activities',
    ] as const) {
      const page = await crm()[area].list(owner, {});
      assert.ok(page.items.length >= 2, `${area}: ${page.items.length}`);
    }
    const stats = await crm().analytics.summary(owner, { period: 'this_year' });
    assert.ok(stats.deals.won.count >= 1, JSON.stringify(stats.deals));
    assert.ok(stats.revenue.length >= 1, JSON.stringify(stats.revenue));
  });

  test('the demo employee has work of their own, and the customer sees only theirs', async () => {
    const mine = await crm().deals.list(as['employee@acme.test']!, { assignedTo: 'me' });
    assert.ok(mine.items.length >= 2);
    const customer = as.customer!;
    const orders = await crm().orders.list(customer, {});
    const issues = await crm().issues.list(customer, {});
    assert.equal(orders.items.length, 1);
    assert.ok(orders.items[0]!.outstanding > 0, 'the portal customer has something left to pay');
    assert.equal(issues.items.length, 1);
    const all = await crm().issues.list(as.owner!, {});
    assert.ok(all.items.length > issues.items.length);
  });
});
