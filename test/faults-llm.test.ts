import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../src/db/index.ts';
import { type FakeModelServer, startFakeGemini } from './fakes/llm.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * A model provider that misbehaves: it never answers, answers with broken JSON, calls tools that do not
 * exist or with input that does not fit, or fails half-way through a turn. Each time the person gets a
 * clear answer, and nothing is written that they did not confirm.
 */

onEachDatabase('assistant when the model provider misbehaves', ({ db }) => {
  let gemini: FakeModelServer;
  let api: TestApp;
  let t: Tenant;

  before(async () => {
    gemini = await startFakeGemini();
    api = await startTestApp(db(), {
      settings: {
        GEMINI_API_KEY: 'test-key',
        GEMINI_BASE_URL: gemini.url,
        GEMINI_MODEL: 'gemini-test',
        ASSISTANT_TIMEOUT_SECONDS: '1',
      },
    });
    t = await createTenant(db());
  });
  after(() => gemini.close());

  /** Sends a message; `asked` is how many requests the model got for it, to prove the script was used. */
  async function say(text: string) {
    const before = gemini.requests.length;
    const res = await api.call('POST', '/api/v1/assistant/messages', {
      token: t.owner.token,
      body: { text },
    });
    return { ...res, asked: gemini.requests.length - before };
  }

  /** What a turn could have left behind: leads and confirmations waiting for an answer. */
  async function leftBehind(database: Db) {
    const leads = await database
      .selectFrom('leads')
      .select('name')
      .where('organization_id', '=', t.orgId)
      .where('name', 'like', 'Faulty%')
      .execute();
    const pending = await database
      .selectFrom('assistant_confirmations')
      .select('id')
      .where('user_id', '=', t.owner.userId)
      .where('status', '=', 'pending')
      .execute();
    return { leads: leads.length, pending: pending.length };
  }

  test('a provider that never answers: the offline engine answers after the timeout, and says so', async () => {
    gemini.script({ hang: true });
    const res = await say('Show statistics for this month');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.asked, 1);
    assert.match(res.body.reply, /^The AI model is not reachable right now/);
    assert.deepEqual(
      res.body.actions.map((a: { tool: string; status: string }) => [a.tool, a.status]),
      [['get_stats', 'done']],
    );
  });

  test('an answer cut off half-way: the offline engine answers', async () => {
    gemini.script({ raw: '{"candidates":[{"content":{"role":"model","parts":[{"functionCall":' });
    const res = await say('Show statistics for this month');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.asked, 1);
    assert.match(res.body.reply, /^The AI model is not reachable right now/);
    assert.match(res.body.reply, /Statistics for/);
  });

  test('a call to a tool that does not exist is refused, and the model’s next words are the answer', async () => {
    gemini.script(
      { calls: [{ name: 'drop_all_tables', args: {} }] },
      { text: 'I could not do that; here is what I can do instead.' },
    );
    const res = await say('Clean up the database');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.asked, 2, 'the model was told the tool does not exist and answered');
    assert.equal(res.body.reply, 'I could not do that; here is what I can do instead.');
    assert.deepEqual(res.body.actions, []);
    assert.deepEqual(await leftBehind(db()), { leads: 0, pending: 0 });
  });

  test('a write with input that does not fit is refused and nothing is proposed or written', async () => {
    gemini.script(
      { calls: [{ name: 'create_lead', args: { name: 42, source: 'nowhere', value: 'lots' } }] },
      { text: 'That did not work.' },
    );
    const res = await say('Add a lead called Faulty Input');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.asked, 2, 'the model was told what was wrong with its input and answered');
    assert.equal(res.body.reply, 'That did not work.');
    assert.equal(res.body.confirmation ?? null, null);
    assert.deepEqual(res.body.actions, []);
    assert.deepEqual(await leftBehind(db()), { leads: 0, pending: 0 });
  });

  test('a provider failing after proposing a write: the person is answered, and nothing is written unconfirmed', async () => {
    gemini.script(
      { calls: [{ name: 'create_lead', args: { name: 'Faulty Halfway', source: 'website' } }] },
      { fail: 500 },
    );
    const res = await say('Add a lead called Faulty Halfway from the website');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.asked, 2);
    // The offline engine took the request over and asks for the same confirmation: one proposal, not two.
    assert.match(res.body.reply, /^The AI model is not reachable right now/);
    assert.deepEqual(res.body.confirmation.summary, ['Add lead "Faulty Halfway" from website']);
    assert.deepEqual(await leftBehind(db()), { leads: 0, pending: 1 });
    const declined = await api.call('POST', `/api/v1/assistant/confirmations/${res.body.confirmation.id}`, {
      token: t.owner.token,
      body: { approve: false },
    });
    assert.equal(declined.status, 200);
    assert.deepEqual(await leftBehind(db()), { leads: 0, pending: 0 });
  });
});
