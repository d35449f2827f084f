import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ocr } from '../src/media/ocr.ts';
import { MARIA, renderCards } from './fixtures/cards/render.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * A business card photo through the REST assistant endpoint (`attachment` in base64), offline: the proposal
 * comes back as a confirmation, Confirm creates the lead, and a file that is no image is a 400 with a sentence.
 */

let card: string;
before(async () => {
  const [png] = await renderCards([{ text: MARIA }]);
  card = Buffer.from(png!).toString('base64');
});
after(() => ocr.stop());

onEachDatabase('business card photos over REST', ({ db }) => {
  let api: TestApp;
  let t: Tenant;

  before(async () => {
    api = await startTestApp(db());
    t = await createTenant(db());
  });

  const say = (attachment: { name: string; mediaType: string; data: string }, text = '') =>
    api.call('POST', '/api/v1/assistant/messages', { token: t.employee.token, body: { text, attachment } });

  test('a card photo is proposed as a lead and created on Confirm', async () => {
    const res = await say({ name: 'card.png', mediaType: 'image/png', data: card }, 'met at the expo');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(
      res.body.reply,
      /^Create lead Maria Gonzalez, Head of Purchasing at Blue Harbor Logistics Inc\./,
    );
    assert.deepEqual(res.body.confirmation.summary, [
      'Add lead "Maria Gonzalez" at Blue Harbor Logistics Inc. from event',
    ]);
    const done = await api.call('POST', `/api/v1/assistant/confirmations/${res.body.confirmation.id}`, {
      token: t.employee.token,
      body: { approve: true },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const leads = await api.call('GET', '/api/v1/leads?q=gonzalez', { token: t.employee.token });
    assert.equal(leads.body.items[0].email, 'maria.gonzalez@blueharbor.example');
  });

  test('a file declared as a photo that is none is refused with a sentence', async () => {
    const res = await say({
      name: 'card.png',
      mediaType: 'image/png',
      data: Buffer.from('not a picture at all').toString('base64'),
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /JPEG, PNG or WebP/);
  });
});
