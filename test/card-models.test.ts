import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Attachment } from '../src/assistant/attachments.ts';
import { ocr } from '../src/media/ocr.ts';
import { type FakeModelServer, startFakeGemini, startFakeOpenAI } from './fakes/llm.ts';
import { pngHeader } from './fixtures/cards/png-header.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * A photo given to a multimodal model: Gemini gets it as inline data, an OpenAI-compatible server as an image
 * part when OPENAI_ACCEPTS_IMAGES says it reads images; the model's create_lead call becomes the same proposal
 * a typed request makes. The pixel limit holds before any model is asked.
 */

const CARD = pngHeader(900, 560);
// Declared as a JPEG by the sender: the header decides what the model is told.
const photo = (bytes: Uint8Array): Attachment => ({ kind: 'image', mediaType: 'image/jpeg', bytes });
const MARIA_LEAD = {
  name: 'Maria Gonzalez',
  company: 'Blue Harbor Logistics',
  email: 'maria.gonzalez@blueharbor.example',
  phone: '+1 415 555 0142',
  notes: 'Title: Head of Purchasing',
};

after(() => ocr.stop());

onEachDatabase('business card photos on Gemini (fake server)', ({ db }) => {
  let gemini: FakeModelServer;
  let api: TestApp;
  let t: Tenant;

  before(async () => {
    gemini = await startFakeGemini();
    api = await startTestApp(db(), {
      settings: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, GEMINI_MODEL: 'gemini-test' },
    });
    t = await createTenant(db());
  });
  after(() => gemini.close());

  const send = (text: string, attachment: Attachment) =>
    api.app.deps.assistant.send(t.employee.actor, { text, channel: 'api', attachment });

  test('the photo reaches Gemini as inline data and its create_lead call is proposed', async () => {
    gemini.requests.length = 0;
    gemini.script(
      { calls: [{ name: 'search_records', args: { query: MARIA_LEAD.email } }] },
      { calls: [{ name: 'create_lead', args: MARIA_LEAD }] },
      { text: 'Create lead Maria Gonzalez, Head of Purchasing at Blue Harbor Logistics.' },
    );
    const turn = await send('from the expo', photo(CARD));
    assert.match(turn.reply, /^Create lead Maria Gonzalez, Head of Purchasing at Blue Harbor Logistics\./);
    assert.deepEqual(turn.confirmation?.summary, ['Add lead "Maria Gonzalez" at Blue Harbor Logistics']);

    const asked = gemini.requests[0].contents.at(-1);
    assert.equal(asked.role, 'user');
    const image = asked.parts.find((p: { inlineData?: unknown }) => p.inlineData);
    assert.deepEqual(image.inlineData, { mimeType: 'image/png', data: Buffer.from(CARD).toString('base64') });
    const words = asked.parts.map((p: { text?: string }) => p.text ?? '').join(' ');
    assert.match(words, /business card/);
    assert.match(words, /Their caption: from the expo/);
    const offered = gemini.requests[0].tools[0].functionDeclarations.map((f: { name: string }) => f.name);
    assert.ok(offered.includes('create_lead') && offered.includes('search_records'));

    const done = await api.call('POST', `/api/v1/assistant/confirmations/${turn.confirmation!.id}`, {
      token: t.employee.token,
      body: { approve: true },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const leads = await api.call('GET', '/api/v1/leads?q=gonzalez', { token: t.employee.token });
    assert.equal(leads.body.items[0].company, 'Blue Harbor Logistics');
  });

  test('a correction typed to a model-made proposal is applied without asking the model', async () => {
    gemini.script({
      calls: [
        {
          name: 'create_lead',
          args: {
            ...MARIA_LEAD,
            name: 'Maria Gonzales',
            email: 'm.gonzales@blueharbor.example',
            phone: '+1 415 555 0199',
          },
        },
      ],
    });
    await send('', photo(CARD));
    gemini.requests.length = 0;
    const fixed = await api.app.deps.assistant.send(t.employee.actor, {
      text: 'name: Maria Gonzalez Ruiz',
      channel: 'api',
    });
    assert.equal(gemini.requests.length, 0);
    assert.match(
      fixed.reply,
      /^Create lead Maria Gonzalez Ruiz, Head of Purchasing at Blue Harbor Logistics/,
    );
    assert.deepEqual(fixed.confirmation?.summary, [
      'Add lead "Maria Gonzalez Ruiz" at Blue Harbor Logistics',
    ]);
  });

  test('too many pixels are refused before Gemini is asked', async () => {
    gemini.requests.length = 0;
    await assert.rejects(send('', photo(pngHeader(9000, 9000))), {
      code: 'validation_failed',
      message: /81 megapixels/,
    });
    assert.equal(gemini.requests.length, 0);
  });
});

onEachDatabase('business card photos on an OpenAI-compatible server (fake)', ({ db }) => {
  let openai: FakeModelServer;
  let reads: TestApp;
  let blind: TestApp;
  let t: Tenant;

  before(async () => {
    openai = await startFakeOpenAI();
    const settings = { OPENAI_BASE_URL: openai.url, OPENAI_MODEL: 'vision-test' };
    reads = await startTestApp(db(), { settings: { ...settings, OPENAI_ACCEPTS_IMAGES: 'true' } });
    blind = await startTestApp(db(), { settings });
    t = await createTenant(db());
  });
  after(() => openai.close());

  test('with OPENAI_ACCEPTS_IMAGES the photo is sent as an image part', async () => {
    openai.requests.length = 0;
    openai.script({ calls: [{ name: 'create_lead', args: MARIA_LEAD }] }, { text: 'Shall I add Maria?' });
    const turn = await reads.app.deps.assistant.send(t.owner.actor, {
      text: '',
      channel: 'api',
      attachment: photo(CARD),
    });
    assert.deepEqual(turn.confirmation?.summary, ['Add lead "Maria Gonzalez" at Blue Harbor Logistics']);
    const content = openai.requests[0].messages.at(-1).content as {
      type: string;
      image_url?: { url: string };
    }[];
    const image = content.find((p) => p.type === 'image_url');
    assert.equal(image?.image_url?.url, `data:image/png;base64,${Buffer.from(CARD).toString('base64')}`);
  });

  test('without it the photo goes to the built-in card reader, never to the model', async () => {
    openai.requests.length = 0;
    // A header with no pixels behind it: the OCR fails to decode it, politely, and the process lives on.
    await assert.rejects(
      blind.app.deps.assistant.send(t.owner.actor, { text: '', channel: 'api', attachment: photo(CARD) }),
      { code: 'validation_failed', message: /could not read that photo/ },
    );
    assert.equal(openai.requests.length, 0);
  });
});
