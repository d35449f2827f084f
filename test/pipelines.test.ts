import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

interface Stage {
  id: number;
  name: string;
  position: number;
  probability: number;
  outcome: string;
}

onEachDatabase('pipelines', ({ db }) => {
  let api: TestApp;
  let a: Tenant;
  let b: Tenant;
  before(async () => {
    api = await startTestApp(db());
    a = await createTenant(db());
    b = await createTenant(db());
  });

  const names = (p: { stages: Stage[] }) => p.stages.map((s) => s.name);

  async function createPipeline(t: Tenant, body: unknown) {
    const res = await api.call('POST', '/api/v1/pipelines', { token: t.owner.token, body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: number; name: string; isDefault: boolean; stages: Stage[] };
  }

  test('every organization starts with the default "Sales" pipeline, readable by owners and employees', async () => {
    for (const token of [a.owner.token, a.employee.token]) {
      const list = await api.call('GET', '/api/v1/pipelines', { token });
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 1);
      const sales = list.body.items[0];
      assert.equal(sales.name, 'Sales');
      assert.equal(sales.isDefault, true);
      assert.deepEqual(
        sales.stages.map((s: Stage) => [s.name, s.probability, s.outcome, s.position]),
        [
          ['Lead', 10, 'open', 1],
          ['Qualified', 25, 'open', 2],
          ['Proposal', 50, 'open', 3],
          ['Negotiation', 75, 'open', 4],
          ['Closed Won', 100, 'won', 5],
          ['Closed Lost', 0, 'lost', 6],
        ],
      );
      const one = await api.call('GET', `/api/v1/pipelines/${sales.id}`, { token });
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, sales);
    }
  });

  test('an owner creates pipelines with the default stages or their own, and picks the default', async () => {
    const t = await createTenant(db());
    const plain = await createPipeline(t, { name: 'Renewals' });
    assert.equal(plain.isDefault, false);
    assert.deepEqual(names(plain), [
      'Lead',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Closed Won',
      'Closed Lost',
    ]);
    const custom = await createPipeline(t, {
      name: 'Partners',
      isDefault: true,
      stages: [
        { name: 'Intro', probability: 5 },
        { name: 'Signed', probability: 100, outcome: 'won' },
        { name: 'Dropped', probability: 0, outcome: 'lost' },
      ],
    });
    assert.equal(custom.isDefault, true);
    assert.deepEqual(
      custom.stages.map((s) => [s.name, s.position, s.outcome]),
      [
        ['Intro', 1, 'open'],
        ['Signed', 2, 'won'],
        ['Dropped', 3, 'lost'],
      ],
    );
    const list = await api.call('GET', '/api/v1/pipelines', { token: t.owner.token });
    assert.deepEqual(
      list.body.items.map((p: { name: string; isDefault: boolean }) => [p.name, p.isDefault]),
      [
        ['Sales', false],
        ['Renewals', false],
        ['Partners', true],
      ],
    );
    // New deals land in the first stage of whatever pipeline is the default.
    const deal = await api.call('POST', '/api/v1/deals', {
      token: t.owner.token,
      body: { title: 'Via partner' },
    });
    assert.equal(deal.body.pipelineId, custom.id);
    assert.equal(deal.body.stageName, 'Intro');

    const switched = await api.call('POST', `/api/v1/pipelines/${plain.id}/default`, {
      token: t.owner.token,
    });
    assert.equal(switched.status, 200);
    assert.equal(switched.body.isDefault, true);
    const after = await api.call('GET', '/api/v1/pipelines', { token: t.owner.token });
    assert.deepEqual(
      after.body.items.filter((p: { isDefault: boolean }) => p.isDefault).map((p: { id: number }) => p.id),
      [plain.id],
    );
    const audit = await api.call('GET', `/api/v1/audit?entity=pipeline&entityId=${plain.id}&sort=createdAt`, {
      token: t.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'update'],
    );
    assert.equal(audit.body.items[1].before.isDefault, false);
    assert.equal(audit.body.items[1].after.isDefault, true);
  });

  test('an owner renames a pipeline and adds, renames, reorders and removes stages', async () => {
    const t = await createTenant(db());
    const p = await createPipeline(t, {
      name: 'Onboarding',
      stages: [
        { name: 'Kickoff', probability: 20 },
        { name: 'Done', probability: 100, outcome: 'won' },
      ],
    });
    const url = `/api/v1/pipelines/${p.id}`;
    const renamed = await api.call('PATCH', url, {
      token: t.owner.token,
      body: { name: 'Customer onboarding' },
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Customer onboarding');

    const added = await api.call('POST', `${url}/stages`, {
      token: t.owner.token,
      body: { name: 'Training', probability: 60, position: 2 },
    });
    assert.equal(added.status, 201);
    assert.deepEqual(names(added.body), ['Kickoff', 'Training', 'Done']);
    assert.deepEqual(
      added.body.stages.map((s: Stage) => s.position),
      [1, 2, 3],
    );
    const appended = await api.call('POST', `${url}/stages`, {
      token: t.owner.token,
      body: { name: 'Lost', probability: 0, outcome: 'lost' },
    });
    assert.deepEqual(names(appended.body), ['Kickoff', 'Training', 'Done', 'Lost']);
    const clash = await api.call('POST', `${url}/stages`, {
      token: t.owner.token,
      body: { name: 'TRAINING', probability: 10 },
    });
    assert.equal(clash.status, 409);

    const [kickoff, training, done, lost] = appended.body.stages as Stage[];
    const edited = await api.call('PATCH', `${url}/stages/${training!.id}`, {
      token: t.owner.token,
      body: { name: 'Product training', probability: 55 },
    });
    assert.equal(edited.status, 200);
    assert.deepEqual(edited.body.stages[1], { ...training, name: 'Product training', probability: 55 });
    const unchanged = await api.call('PATCH', `${url}/stages/${training!.id}`, {
      token: t.owner.token,
      body: {},
    });
    assert.equal(unchanged.status, 200, 'an empty patch changes nothing and is no error');
    assert.deepEqual(unchanged.body.stages, edited.body.stages);
    assert.equal(
      (
        await api.call('PATCH', `${url}/stages/${training!.id}`, {
          token: t.owner.token,
          body: { name: 'kickoff' },
        })
      ).status,
      409,
    );

    const order = [training!.id, kickoff!.id, lost!.id, done!.id];
    const reordered = await api.call('POST', `${url}/stages/reorder`, {
      token: t.owner.token,
      body: { stageIds: order },
    });
    assert.equal(reordered.status, 200);
    assert.deepEqual(
      reordered.body.stages.map((s: Stage) => [s.id, s.position]),
      order.map((stageId, i) => [stageId, i + 1]),
    );
    for (const stageIds of [
      [training!.id, kickoff!.id],
      [...order, order[0]],
      [...order.slice(1), 999_999],
    ]) {
      const bad = await api.call('POST', `${url}/stages/reorder`, {
        token: t.owner.token,
        body: { stageIds },
      });
      assert.equal(bad.status, 400, JSON.stringify(stageIds));
    }

    const removed = await api.call('DELETE', `${url}/stages/${kickoff!.id}`, { token: t.owner.token });
    assert.equal(removed.status, 200);
    assert.deepEqual(
      removed.body.stages.map((s: Stage) => [s.name, s.position]),
      [
        ['Product training', 1],
        ['Lost', 2],
        ['Done', 3],
      ],
    );
    const audit = await api.call('GET', `/api/v1/audit?entity=pipeline&entityId=${p.id}`, {
      token: t.owner.token,
    });
    // create, rename, two additions, one stage edit, one reorder, one removal; refused changes left no entry
    assert.equal(audit.body.items.length, 7);
  });

  test('a new open stage without a position goes before the closed stages; a closed one goes last', async () => {
    const t = await createTenant(db());
    const sales = (await api.call('GET', '/api/v1/pipelines', { token: t.owner.token })).body.items[0];
    const url = `/api/v1/pipelines/${sales.id}/stages`;
    const demo = await api.call('POST', url, {
      token: t.owner.token,
      body: { name: 'Demo', probability: 60 },
    });
    assert.equal(demo.status, 201);
    assert.deepEqual(
      demo.body.stages.map((s: Stage) => [s.name, s.position]),
      [
        ['Lead', 1],
        ['Qualified', 2],
        ['Proposal', 3],
        ['Negotiation', 4],
        ['Demo', 5],
        ['Closed Won', 6],
        ['Closed Lost', 7],
      ],
    );
    const parked = await api.call('POST', url, {
      token: t.owner.token,
      body: { name: 'Parked', probability: 0, outcome: 'lost' },
    });
    assert.deepEqual(names(parked.body).slice(-3), ['Closed Won', 'Closed Lost', 'Parked']);
    // A pipeline whose stages are all closed takes a new open stage first.
    const closed = await createPipeline(t, {
      name: 'Only closed',
      stages: [{ name: 'Done', probability: 100, outcome: 'won' }],
    });
    const first = await api.call('POST', `/api/v1/pipelines/${closed.id}/stages`, {
      token: t.owner.token,
      body: { name: 'Start', probability: 10 },
    });
    assert.deepEqual(names(first.body), ['Start', 'Done']);
  });

  test('stages holding deals cannot be removed or change outcome; a pipeline keeps one stage', async () => {
    const t = await createTenant(db());
    const p = await createPipeline(t, {
      name: 'Small',
      stages: [
        { name: 'Open', probability: 50 },
        { name: 'Won', probability: 100, outcome: 'won' },
      ],
    });
    const [open, won] = p.stages;
    const url = `/api/v1/pipelines/${p.id}`;
    await api.call('POST', '/api/v1/deals', {
      token: t.owner.token,
      body: { title: 'Sits in Open', pipelineId: p.id },
    });
    const refused = await api.call('DELETE', `${url}/stages/${open!.id}`, { token: t.owner.token });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /1 deal/);
    const outcome = await api.call('PATCH', `${url}/stages/${open!.id}`, {
      token: t.owner.token,
      body: { outcome: 'lost' },
    });
    assert.equal(outcome.status, 409);
    const probabilityOnly = await api.call('PATCH', `${url}/stages/${open!.id}`, {
      token: t.owner.token,
      body: { probability: 40 },
    });
    assert.equal(probabilityOnly.status, 200);
    assert.equal((await api.call('DELETE', url, { token: t.owner.token })).status, 409);

    assert.equal(
      (await api.call('DELETE', `${url}/stages/${won!.id}`, { token: t.owner.token })).status,
      200,
    );
    const last = await api.call('GET', url, { token: t.owner.token });
    assert.deepEqual(names(last.body), ['Open']);
    assert.equal(last.body.stages[0].probability, 40);

    const empty = await createPipeline(t, { name: 'Empty', stages: [{ name: 'Only', probability: 10 }] });
    const lastStage = await api.call(
      'DELETE',
      `/api/v1/pipelines/${empty.id}/stages/${empty.stages[0]!.id}`,
      {
        token: t.owner.token,
      },
    );
    assert.equal(lastStage.status, 409);
    assert.match(lastStage.body.error.message, /at least one stage/);
  });

  test('the default pipeline cannot be deleted; an unused one can, by the owner', async () => {
    const t = await createTenant(db());
    const sales = (await api.call('GET', '/api/v1/pipelines', { token: t.owner.token })).body.items[0];
    const refused = await api.call('DELETE', `/api/v1/pipelines/${sales.id}`, { token: t.owner.token });
    assert.equal(refused.status, 409);
    const spare = await createPipeline(t, { name: 'Spare' });
    assert.equal(
      (await api.call('DELETE', `/api/v1/pipelines/${spare.id}`, { token: t.owner.token })).status,
      204,
    );
    assert.equal(
      (await api.call('GET', `/api/v1/pipelines/${spare.id}`, { token: t.owner.token })).status,
      404,
    );
    const audit = await api.call('GET', `/api/v1/audit?entity=pipeline&entityId=${spare.id}&sort=createdAt`, {
      token: t.owner.token,
    });
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['create', 'delete'],
    );
  });

  test('employees read pipelines but every change is refused and nothing changes', async () => {
    const p = await createPipeline(a, { name: 'Guarded' });
    const stageId = p.stages[0]!.id;
    const url = `/api/v1/pipelines/${p.id}`;
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/v1/pipelines', { name: 'Mine' }],
      ['PATCH', url, { name: 'Hijacked' }],
      ['DELETE', url, undefined],
      ['POST', `${url}/default`, undefined],
      ['POST', `${url}/stages`, { name: 'Extra', probability: 5 }],
      ['PATCH', `${url}/stages/${stageId}`, { name: 'Renamed' }],
      ['POST', `${url}/stages/reorder`, { stageIds: p.stages.map((s) => s.id).reverse() }],
      ['DELETE', `${url}/stages/${stageId}`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const res = await api.call(method as 'POST', path, { token: a.employee.token, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'forbidden');
    }
    const unchanged = await api.call('GET', url, { token: a.owner.token });
    assert.deepEqual(unchanged.body, p);
    const all = await api.call('GET', '/api/v1/pipelines', { token: a.owner.token });
    assert.ok(!all.body.items.some((x: { name: string }) => x.name === 'Mine'));
  });

  test('customers have no access to pipelines at all', async () => {
    const sales = (await api.call('GET', '/api/v1/pipelines', { token: a.owner.token })).body.items[0];
    for (const [method, path, body] of [
      ['GET', '/api/v1/pipelines', undefined],
      ['GET', `/api/v1/pipelines/${sales.id}`, undefined],
      ['POST', '/api/v1/pipelines', { name: 'Portal' }],
      ['PATCH', `/api/v1/pipelines/${sales.id}`, { name: 'Portal' }],
      ['POST', `/api/v1/pipelines/${sales.id}/stages`, { name: 'Portal', probability: 1 }],
    ] as const) {
      const res = await api.call(method, path, { token: a.customer.token, body });
      assert.equal(res.status, 403, `${method} ${path}`);
    }
    const still = await api.call('GET', `/api/v1/pipelines/${sales.id}`, { token: a.owner.token });
    assert.equal(still.body.name, 'Sales');
  });

  test("another organization's pipeline and stages are not found on every route", async () => {
    const foreign = await createPipeline(b, { name: 'Foreign' });
    const stageId = foreign.stages[0]!.id;
    const url = `/api/v1/pipelines/${foreign.id}`;
    const routes: [string, string, unknown][] = [
      ['GET', url, undefined],
      ['PATCH', url, { name: 'Stolen' }],
      ['DELETE', url, undefined],
      ['POST', `${url}/default`, undefined],
      ['POST', `${url}/stages`, { name: 'Stolen', probability: 5 }],
      ['PATCH', `${url}/stages/${stageId}`, { name: 'Stolen' }],
      ['POST', `${url}/stages/reorder`, { stageIds: foreign.stages.map((s) => s.id) }],
      ['DELETE', `${url}/stages/${stageId}`, undefined],
    ];
    for (const token of [a.owner.token, a.employee.token]) {
      for (const [method, path, body] of routes) {
        if (token === a.employee.token && method !== 'GET') continue;
        const res = await api.call(method as 'POST', path, { token, body });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error.code, 'not_found');
      }
    }
    // A stage of a foreign pipeline, addressed through one of our own pipelines, is not found either.
    const own = (await api.call('GET', '/api/v1/pipelines', { token: a.owner.token })).body.items[0];
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await api.call(method, `/api/v1/pipelines/${own.id}/stages/${stageId}`, {
        token: a.owner.token,
        ...(method === 'PATCH' ? { body: { name: 'Stolen' } } : {}),
      });
      assert.equal(res.status, 404);
    }
    const untouched = await api.call('GET', url, { token: b.owner.token });
    assert.deepEqual(untouched.body, foreign);
  });

  test('an empty stage patch changes nothing, but still checks the role and finds the stage', async () => {
    const t = await createTenant(db());
    const p = await createPipeline(t, { name: 'Quiet' });
    const other = await createPipeline(t, { name: 'Other' });
    const foreign = await createPipeline(b, { name: 'Elsewhere' });
    const url = `/api/v1/pipelines/${p.id}`;
    const stageId = p.stages[0]!.id;
    const auditCount = async () =>
      (await api.call('GET', `/api/v1/audit?entity=pipeline&entityId=${p.id}`, { token: t.owner.token })).body
        .items.length;
    const entries = await auditCount();

    const same = await api.call('PATCH', `${url}/stages/${stageId}`, { token: t.owner.token, body: {} });
    assert.equal(same.status, 200);
    assert.deepEqual(same.body, p, 'the pipeline as it was, updatedAt included');
    for (const [path, why] of [
      [`${url}/stages/${other.stages[0]!.id}`, 'a stage of another pipeline'],
      [`${url}/stages/${foreign.stages[0]!.id}`, "a stage of another organization's pipeline"],
      [`${url}/stages/2147483647`, 'no such stage'],
      [`/api/v1/pipelines/${foreign.id}/stages/${foreign.stages[0]!.id}`, "another organization's pipeline"],
    ] as const) {
      const res = await api.call('PATCH', path, { token: t.owner.token, body: {} });
      assert.equal(res.status, 404, why);
      assert.equal(res.body.error.code, 'not_found');
    }
    for (const token of [t.employee.token, t.customer.token]) {
      const res = await api.call('PATCH', `${url}/stages/${stageId}`, { token, body: {} });
      assert.equal(res.status, 403);
    }
    assert.equal(await auditCount(), entries, 'no audit entry for a change that changed nothing');
  });

  test('bad input is a clear 400, never a 500', async () => {
    const sales = (await api.call('GET', '/api/v1/pipelines', { token: a.owner.token })).body.items[0];
    const url = `/api/v1/pipelines/${sales.id}`;
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/pipelines', { name: 42 }],
      ['POST', '/api/v1/pipelines', { name: 'x'.repeat(100_000) }],
      ['POST', '/api/v1/pipelines', { name: 'ok', color: 'red' }],
      ['POST', '/api/v1/pipelines', '{"name": '],
      ['POST', '/api/v1/pipelines', { name: 'ok', stages: [] }],
      ['POST', '/api/v1/pipelines', { name: 'ok', stages: [{ name: 'A', probability: 101 }] }],
      [
        'POST',
        '/api/v1/pipelines',
        { name: 'ok', stages: [{ name: 'A', probability: 10, outcome: 'maybe' }] },
      ],
      [
        'POST',
        '/api/v1/pipelines',
        {
          name: 'ok',
          stages: [
            { name: 'Same', probability: 1 },
            { name: 'same', probability: 2 },
          ],
        },
      ],
      ['PATCH', url, { name: '' }],
      ['POST', `${url}/stages`, { name: 'X', probability: 1.5 }],
      ['POST', `${url}/stages`, { name: 'X', probability: 5, position: 0 }],
      ['POST', `${url}/stages/reorder`, { stageIds: 'all' }],
      ['PATCH', `${url}/stages/abc`, { name: 'X' }],
      ['GET', '/api/v1/pipelines?sort=name', undefined],
      ['GET', '/api/v1/pipelines/abc', undefined],
    ];
    for (const [method, path, body] of cases) {
      const res = await api.call(method as 'POST', path, {
        token: a.owner.token,
        body,
        ...(typeof body === 'string' ? { headers: { 'content-type': 'application/json' } } : {}),
      });
      assert.equal(
        res.status,
        400,
        `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)} -> ${res.status}`,
      );
      assert.equal(typeof res.body.error.message, 'string');
    }
    const still = await api.call('GET', url, { token: a.owner.token });
    assert.equal(still.body.stages.length, 6);
  });

  test('pipelines page through ties on creation time without gaps or repeats, and search by name', async () => {
    const t = await createTenant(db());
    const fixed = new Date('2024-03-02T09:00:00.000Z');
    const frozen = await startTestApp(db(), { clock: () => fixed });
    try {
      const made: number[] = [];
      for (const name of ['Alpha', 'alpine', 'Beta', 'Gamma', 'Delta']) {
        const res = await frozen.call('POST', '/api/v1/pipelines', { token: t.owner.token, body: { name } });
        assert.equal(res.status, 201);
        made.push(res.body.id);
      }
      // "Sales" came with the organization, made on the real clock, which runs later than the frozen one (2024).
      const all = (await api.call('GET', '/api/v1/pipelines', { token: t.owner.token })).body.items;
      const sales = all.find((p: { name: string }) => p.name === 'Sales');
      for (const [sort, expected] of [
        ['createdAt', [...made, sales.id]],
        ['-createdAt', [sales.id, ...[...made].reverse()]],
      ] as const) {
        for (const limit of [1, 2, 4]) {
          const seen: number[] = [];
          let cursor: string | null = null;
          do {
            const url: string = `/api/v1/pipelines?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
            const page = await api.call('GET', url, { token: t.employee.token });
            assert.equal(page.status, 200);
            seen.push(...page.body.items.map((p: { id: number }) => p.id));
            cursor = page.body.nextCursor;
          } while (cursor);
          assert.deepEqual(seen, expected, `sort=${sort} limit=${limit}`);
        }
      }
      const found = await api.call('GET', '/api/v1/pipelines?q=ALP', { token: t.owner.token });
      assert.deepEqual(
        found.body.items.map((p: { name: string }) => p.name),
        ['Alpha', 'alpine'],
      );
      const none = await api.call('GET', '/api/v1/pipelines?q=%25', { token: t.owner.token });
      assert.equal(none.status, 200);
    } finally {
      await frozen.close();
    }
  });

  test('reordering stages changes where new deals land; a position past the end appends', async () => {
    const t = await createTenant(db());
    const p = await createPipeline(t, {
      name: 'Ordered',
      stages: [
        { name: 'First', probability: 10 },
        { name: 'Second', probability: 20 },
      ],
    });
    const url = `/api/v1/pipelines/${p.id}`;
    const appended = await api.call('POST', `${url}/stages`, {
      token: t.owner.token,
      body: { name: 'Third', probability: 30, position: 50 },
    });
    assert.deepEqual(
      appended.body.stages.map((s: Stage) => [s.name, s.position]),
      [
        ['First', 1],
        ['Second', 2],
        ['Third', 3],
      ],
    );
    const [first, second, third] = appended.body.stages as Stage[];
    await api.call('POST', `${url}/stages/reorder`, {
      token: t.owner.token,
      body: { stageIds: [second!.id, third!.id, first!.id] },
    });
    const deal = await api.call('POST', '/api/v1/deals', {
      token: t.owner.token,
      body: { title: 'Lands second', pipelineId: p.id },
    });
    assert.equal(deal.status, 201);
    assert.equal(deal.body.stageName, 'Second');
    assert.equal(deal.body.probability, 20);
  });

  test('employees, even with visibility "assigned", read pipelines but get 404 for foreign ones', async () => {
    const t = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const list = await api.call('GET', '/api/v1/pipelines', { token: t.employee.token });
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].stages.length, 6);
    const own = list.body.items[0];
    assert.equal(
      (await api.call('POST', '/api/v1/pipelines', { token: t.employee.token, body: { name: 'Nope' } }))
        .status,
      403,
    );
    const foreign = await createPipeline(b, { name: 'Not yours' });
    for (const [method, path, body] of [
      ['GET', `/api/v1/pipelines/${foreign.id}`, undefined],
      ['PATCH', `/api/v1/pipelines/${foreign.id}`, { name: 'Mine now' }],
      ['DELETE', `/api/v1/pipelines/${foreign.id}`, undefined],
      ['POST', `/api/v1/pipelines/${foreign.id}/stages`, { name: 'Extra', probability: 5 }],
      ['DELETE', `/api/v1/pipelines/${own.id}/stages/${foreign.stages[0]!.id}`, undefined],
    ] as const) {
      const res = await api.call(method, path, { token: t.employee.token, body });
      // Another organization's pipeline does not exist for them; their own stays refused as forbidden.
      const expected = path.includes(String(own.id)) ? 403 : 404;
      assert.equal(res.status, expected, `${method} ${path}`);
    }
    const untouched = await api.call('GET', `/api/v1/pipelines/${foreign.id}`, { token: b.owner.token });
    assert.deepEqual(untouched.body, foreign);
  });

  test('customers are refused every pipeline change, and nothing changes', async () => {
    const p = await createPipeline(a, { name: 'Portal-proof' });
    const url = `/api/v1/pipelines/${p.id}`;
    const stageId = p.stages[0]!.id;
    for (const [method, path, body] of [
      ['DELETE', url, undefined],
      ['POST', `${url}/default`, undefined],
      ['POST', `${url}/stages/reorder`, { stageIds: p.stages.map((s) => s.id).reverse() }],
      ['PATCH', `${url}/stages/${stageId}`, { name: 'Renamed' }],
      ['DELETE', `${url}/stages/${stageId}`, undefined],
    ] as const) {
      const res = await api.call(method, path, { token: a.customer.token, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'forbidden');
    }
    const unchanged = await api.call('GET', url, { token: a.owner.token });
    assert.deepEqual(unchanged.body, p);
  });

  test("a deal cannot be placed in another organization's pipeline or stage", async () => {
    const foreign = await createPipeline(b, { name: 'Elsewhere' });
    const byPipeline = await api.call('POST', '/api/v1/deals', {
      token: a.owner.token,
      body: { title: 'Misplaced', pipelineId: foreign.id },
    });
    assert.equal(byPipeline.status, 404);
    const byStage = await api.call('POST', '/api/v1/deals', {
      token: a.owner.token,
      body: { title: 'Misplaced', stage: foreign.stages[1]!.id },
    });
    assert.equal(byStage.status, 400);
    assert.doesNotMatch(JSON.stringify(byStage.body), /Elsewhere/);
    for (const t of [a, b]) {
      const list = await api.call('GET', '/api/v1/deals?q=misplaced', { token: t.owner.token });
      assert.deepEqual(list.body.items, []);
    }
  });
});
