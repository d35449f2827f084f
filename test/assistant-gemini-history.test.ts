import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakeModelServer, startFakeGemini, thoughtSignature } from './fakes/llm.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * Gemini 3 signs each function call (`thoughtSignature`) and refuses a history that replays a call without
 * its signature; the AI SDK then warns and sends a placeholder. The assistant must hand the signature back.
 */
onEachDatabase('Gemini tool calls keep their signatures', ({ db }) => {
  let gemini: FakeModelServer;
  let api: TestApp;
  let t: Tenant;
  const warnings: string[] = [];
  const warn = console.warn;

  before(async () => {
    gemini = await startFakeGemini();
    api = await startTestApp(db(), {
      settings: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, GEMINI_MODEL: 'gemini-3-test' },
    });
    t = await createTenant(db());
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  });
  after(async () => {
    console.warn = warn;
    await gemini.close();
  });

  test('each call comes back in the next request with the signature Gemini gave it, and no warning', async () => {
    await api.call('POST', '/api/v1/deals', { token: t.owner.token, body: { title: 'Signed deal' } });
    gemini.requests.length = 0;
    gemini.script(
      {
        calls: [
          { name: 'list_deals', args: {} },
          { name: 'get_stats', args: {} },
        ],
      },
      { calls: [{ name: 'search_records', args: { query: 'Signed' } }] },
      { text: 'One deal, signed.' },
    );
    const res = await api.call('POST', '/api/v1/assistant/messages', {
      token: t.owner.token,
      body: { text: 'Show the deals and how we are doing' },
    });
    assert.equal(res.body.reply, 'One deal, signed.');
    const replayed = (request: any) =>
      (request.contents as { role: string; parts: any[] }[])
        .filter((c) => c.role === 'model')
        .flatMap((c) => c.parts.filter((p) => p.functionCall))
        .map((p) => [p.functionCall.name, p.thoughtSignature]);
    const [first, second, third] = gemini.requests.map((r) => r.contents.length > 0 && r);
    assert.deepEqual(replayed(first), []);
    assert.deepEqual(replayed(second), [
      ['list_deals', thoughtSignature(1, 0)],
      ['get_stats', thoughtSignature(1, 1)],
    ]);
    assert.deepEqual(replayed(third).at(-1), ['search_records', thoughtSignature(2, 0)]);
    assert.deepEqual(
      warnings.filter((w) => /thoughtSignature/.test(w)),
      [],
      'the SDK never had to make up a signature',
    );
  });
});
