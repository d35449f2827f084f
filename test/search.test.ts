import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createCrm } from '../src/crm/index.ts';
import { searchMatch } from '../src/crm/search-match.ts';
import type { Actor } from '../src/domain/actor.ts';
import { systemClock } from '../src/domain/time.ts';
import { runTool } from '../src/tools/index.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

type Crm = ReturnType<typeof createCrm>;

onEachDatabase('search', ({ db }) => {
  let crm: Crm;
  let api: TestApp;
  let t: Tenant;
  let other: Tenant;
  const ids: Record<string, number> = {};
  const issueNumbers: string[] = [];

  /** What a search finds, as "type:title" lines, best first. */
  async function find(actor: Actor, q: string, types?: string) {
    const { items } = await crm.search.search(actor, { q, ...(types && { types }) });
    return items.map((i) => `${i.type}:${i.title}`);
  }

  before(async () => {
    crm = createCrm({ db: db(), clock: systemClock });
    api = await startTestApp(db());
    t = await createTenant(db());
    other = await createTenant(db());
    const owner = t.owner.actor;
    ids.orbit = (
      await crm.customers.create(owner, {
        kind: 'business',
        name: 'Orbit Logistics',
        email: 'maria@orbit-logistics.example',
        phone: '+1 (555) 010-2233',
        tags: ['wholesale'],
      })
    ).id;
    ids.jose = (
      await crm.customers.create(owner, { name: 'José Álvarez', email: 'jose@alvarez.example' })
    ).id;
    ids.hallStreet = (await crm.customers.create(owner, { name: 'Hall Street Bakery' })).id;
    ids.grace = (await crm.leads.create(owner, { name: 'Grace Hall', company: 'Hall & Partners' })).id;
    ids.tablets = (await crm.deals.create(owner, { title: 'Orbit fleet tablets', customerId: ids.orbit })).id;
    for (const title of ['Scanner offline', 'Label printer jams', 'Espresso machine leaking']) {
      const issue = await crm.issues.create(owner, { title, customerId: ids.orbit });
      issueNumbers.push(issue.number);
      ids[title] = issue.id;
    }
    // The same words in another organization are never found.
    await crm.customers.create(other.owner.actor, {
      name: 'Orbit Logistics',
      email: 'maria@orbit-logistics.example',
    });
  });

  test('the start of any word: a middle word of a name, a title, a lead', async () => {
    assert.deepEqual(await find(t.owner.actor, 'Logistics'), ['customer:Orbit Logistics']);
    assert.deepEqual(await find(t.owner.actor, 'tablets'), ['deal:Orbit fleet tablets']);
    assert.ok((await find(t.owner.actor, 'hall')).includes('lead:Grace Hall'));
    assert.deepEqual(await find(t.owner.actor, 'logist', 'customer'), ['customer:Orbit Logistics']);
    // Only the start of a word: "istics" is inside one.
    assert.deepEqual(await find(t.owner.actor, 'istics'), []);
    // Every list's q uses the same matcher.
    const names = async (page: Promise<{ items: { id: number }[] }>) => (await page).items.map((r) => r.id);
    assert.deepEqual(await names(crm.customers.list(t.owner.actor, { q: 'logistics' })), [ids.orbit]);
    assert.deepEqual(await names(crm.deals.list(t.owner.actor, { q: 'tablets' })), [ids.tablets]);
    assert.deepEqual(await names(crm.leads.list(t.owner.actor, { q: 'hall' })), [ids.grace]);
    assert.deepEqual(await names(crm.leads.list(t.owner.actor, { q: 'partners' })), [ids.grace]);
  });

  test('an email by its whole address, its local part or its domain', async () => {
    for (const q of [
      'maria@orbit-logistics.example',
      'orbit-logistics.example',
      '@orbit-logistics',
      'maria@',
    ]) {
      assert.deepEqual(await find(t.owner.actor, q, 'customer'), ['customer:Orbit Logistics'], q);
    }
    const page = await crm.customers.list(t.owner.actor, { q: 'alvarez.example' });
    assert.deepEqual(
      page.items.map((c) => c.id),
      [ids.jose],
    );
  });

  test('a phone typed with other formatting, or without its country code', async () => {
    for (const q of [
      '555 010 2233',
      '(555) 010-2233',
      '5550102233',
      '+15550102233',
      '1-555-010-22',
      '0102233',
    ]) {
      assert.deepEqual(await find(t.owner.actor, q), ['customer:Orbit Logistics'], q);
    }
    assert.deepEqual(await find(t.owner.actor, '555 999 0000'), []);
  });

  test('accents and case are ignored both ways', async () => {
    for (const q of ['jose', 'JOSÉ', 'alvarez', 'Álv']) {
      assert.deepEqual(await find(t.owner.actor, q, 'customer'), ['customer:José Álvarez'], q);
    }
    const page = await crm.customers.list(t.owner.actor, { q: 'josé álvarez' });
    assert.equal(page.items[0]?.id, ids.jose);
  });

  test('document numbers: whole, without the year, the bare number; the exact one comes first', async () => {
    const third = issueNumbers[2]!;
    const sequence = Number(third.split('-')[2]);
    const title = 'issue:Espresso machine leaking';
    for (const q of [third, third.toLowerCase(), `ISS-${third.split('-')[2]}`, String(sequence)]) {
      const found = await find(t.owner.actor, q, 'issue');
      assert.equal(found[0], title, q);
    }
    assert.deepEqual(await find(t.owner.actor, `ISS-${third.split('-')[2]}`, 'issue'), [title]);
    const listed = await crm.issues.list(t.owner.actor, { q: third });
    assert.deepEqual(
      listed.items.map((i) => i.id),
      [ids['Espresso machine leaking']],
    );
  });

  test('several words narrow the result', async () => {
    assert.deepEqual(await find(t.owner.actor, 'orbit tablets'), ['deal:Orbit fleet tablets']);
    assert.deepEqual(await find(t.owner.actor, 'orbit log'), ['customer:Orbit Logistics']);
    assert.deepEqual(await find(t.owner.actor, 'grace partners'), ['lead:Grace Hall']);
    assert.deepEqual(await find(t.owner.actor, 'grace tablets'), []);
  });

  test('ranking: an exact email first, then names that start with the query, then any word', async () => {
    const lead = await crm.leads.create(t.owner.actor, {
      name: 'Someone Else',
      email: 'hall@bakery.example',
    });
    const found = await find(t.owner.actor, 'hall@bakery.example');
    assert.equal(found[0], 'lead:Someone Else');
    // Grace Hall changed last, yet Hall Street Bakery's name starts with "hall".
    await crm.leads.update(t.owner.actor, ids.grace!, { notes: 'touched' });
    const halls = await find(t.owner.actor, 'hall');
    assert.ok(
      halls.indexOf('customer:Hall Street Bakery') < halls.indexOf('lead:Grace Hall'),
      halls.join(', '),
    );
    await crm.leads.remove(t.owner.actor, lead.id);
  });

  test('each role finds only what it could open', async () => {
    const s = await createTenant(db(), { settings: { employeeVisibility: 'assigned' } });
    const owner = s.owner.actor;
    await crm.customers.create(owner, { name: 'Quasar Mine', assignedTo: s.employee.userId });
    await crm.customers.create(owner, { name: 'Quasar Theirs', assignedTo: s.colleague.userId });
    await crm.deals.create(owner, { title: 'Quasar deal theirs', assignedTo: s.colleague.userId });
    const portalIssue = await crm.issues.create(owner, {
      title: 'Quasar portal issue',
      customerId: s.customerRecordId,
    });
    await crm.issues.create(owner, { title: 'Quasar other issue' });

    assert.deepEqual((await find(owner, 'quasar')).sort(), [
      'customer:Quasar Mine',
      'customer:Quasar Theirs',
      'deal:Quasar deal theirs',
      'issue:Quasar other issue',
      'issue:Quasar portal issue',
    ]);
    // An employee who sees only their own records.
    assert.deepEqual(await find(s.employee.actor, 'quasar'), ['customer:Quasar Mine']);
    assert.deepEqual((await crm.customers.list(s.employee.actor, { q: 'quasar' })).items.length, 1);
    // A customer's portal: their own issue; deals and leads are left out, not refused.
    assert.deepEqual(await find(s.customer.actor, 'quasar'), ['issue:Quasar portal issue']);
    assert.deepEqual(await find(s.customer.actor, 'quasar', 'deal,lead'), []);
    const portal = await crm.search.search(s.customer.actor, { q: 'quasar' });
    assert.equal(portal.items[0]?.url, `/issues/${portalIssue.id}`);
    // Another organization's owner finds none of it.
    assert.deepEqual(await find(other.owner.actor, 'quasar'), []);
  });

  test('the index follows updates and deletes', async () => {
    const c = await crm.customers.create(t.owner.actor, { name: 'Zephyr Trading' });
    assert.deepEqual(await find(t.owner.actor, 'zephyr'), ['customer:Zephyr Trading']);
    await crm.customers.update(t.owner.actor, c.id, { name: 'Mistral Trading' });
    assert.deepEqual(await find(t.owner.actor, 'zephyr'), []);
    assert.deepEqual(await find(t.owner.actor, 'mistral'), ['customer:Mistral Trading']);
    assert.deepEqual((await crm.customers.list(t.owner.actor, { q: 'zephyr' })).items, []);
    await crm.customers.remove(t.owner.actor, c.id);
    assert.deepEqual(await find(t.owner.actor, 'mistral'), []);
    assert.deepEqual((await crm.customers.list(t.owner.actor, { q: 'mistral' })).items, []);
    // A tag added later is found.
    await crm.customers.update(t.owner.actor, ids.jose!, { tags: ['espresso-club'] });
    assert.ok((await find(t.owner.actor, 'espresso club', 'customer')).includes('customer:José Álvarez'));
  });

  test('a common word is checked on each row exactly as the index matches it', async () => {
    // Past 2,000 matches the services check each row's terms instead of reading the index's ids.
    const tables = ['customers', 'leads', 'deals', 'issues'] as const;
    const queries = [
      'orbit',
      'hall',
      'JOSÉ',
      'Álv',
      '555 010 2233',
      '0102233',
      'orbit log',
      'grace partners',
    ];
    for (const table of tables) {
      for (const q of [...queries, 'alvarez.example', 'istics', issueNumbers[2]!]) {
        const matching = async (few?: number) =>
          (
            await db()
              .selectFrom(table)
              .select('id')
              .where('organization_id', '=', t.owner.actor.organizationId)
              .where(await searchMatch(db(), table, q, table, few))
              .orderBy('id')
              .execute()
          ).map((r) => r.id);
        assert.deepEqual(await matching(0), await matching(), `${table} ${q}`);
      }
    }
    const found = await db()
      .selectFrom('customers')
      .select('id')
      .where(await searchMatch(db(), 'customers', 'orbit log', 'customers', 0))
      .execute();
    assert.equal(found.length, 2, "both organizations' Orbit Logistics, by their rows");
  });

  test('a searched list comes newest first unless sorted, and pages through every match once', async () => {
    const made: number[] = [];
    for (const title of ['Walrus beta', 'walrus alpha', 'Sea walrus', 'Walrus gamma', 'Walrusless']) {
      made.push((await crm.deals.create(t.owner.actor, { title })).id);
    }
    await crm.deals.create(t.owner.actor, { title: 'Seal only' });
    const pages = async (params: { sort?: string }) => {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await crm.deals.list(t.owner.actor, { q: 'walrus', limit: 2, cursor, ...params });
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    // "Walrusless" starts with the word, so it matches too.
    assert.deepEqual(await pages({}), [...made].reverse());
    // Sorted by title: Sea walrus, walrus alpha, Walrus beta, Walrus gamma, Walrusless.
    assert.deepEqual(await pages({ sort: 'title' }), [made[2], made[1], made[0], made[3], made[4]]);
    const counted = await crm.deals.list(t.owner.actor, { q: 'walrus', total: true, limit: 1 });
    assert.deepEqual(counted.total, { count: 5, exact: true });
  });

  test('GET /api/v1/search answers as documented, with 400s for bad input', async () => {
    const res = await api.call('GET', '/api/v1/search?q=orbit&types=customer,deal&limit=5', {
      token: t.owner.token,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((i: { type: string; url: string }) => `${i.type} ${i.url}`).sort(), [
      `customer /customers/${ids.orbit}`,
      `deal /deals/${ids.tablets}`,
    ]);
    for (const bad of ['', '?q=', '?q=orbit&types=planet', '?q=orbit&limit=500', '?q=orbit&sneaky=1']) {
      const refused = await api.call('GET', `/api/v1/search${bad}`, { token: t.owner.token });
      assert.equal(refused.status, 400, bad);
    }
    assert.equal((await api.call('GET', '/api/v1/search?q=orbit')).status, 401);
    // Punctuation alone matches nothing rather than everything.
    const empty = await api.call('GET', '/api/v1/search?q=%40%40', { token: t.owner.token });
    assert.deepEqual(empty.body.items, []);
  });

  test('search_records finds by name, email and number, grouped by type', async () => {
    const ctx = { crm, actor: { ...t.owner.actor, via: 'assistant' as const }, clock: systemClock };
    const byName = await runTool(ctx, 'search_records', { query: 'maria' });
    assert.ok(byName.ok);
    assert.deepEqual(byName.result, {
      customer: [{ id: ids.orbit, label: 'Orbit Logistics (maria@orbit-logistics.example)' }],
    });
    const byEmail = await runTool(ctx, 'search_records', { query: 'maria@orbit-logistics.example' });
    assert.ok(byEmail.ok && 'customer' in (byEmail.result as object));
    const third = issueNumbers[2]!;
    const byNumber = await runTool(ctx, 'search_records', { query: third.split('-')[2]!, types: ['issue'] });
    assert.ok(byNumber.ok);
    const issues = (byNumber.result as { issue: { id: number }[] }).issue;
    assert.equal(issues[0]?.id, ids['Espresso machine leaking']);
    const portal = await runTool(
      { ...ctx, actor: { ...t.customer.actor, via: 'assistant' as const } },
      'search_records',
      { query: 'orbit' },
    );
    assert.ok(portal.ok);
    assert.deepEqual(portal.result, {});
  });
});
