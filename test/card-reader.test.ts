import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Attachment } from '../src/assistant/attachments.ts';
import { ocr } from '../src/media/ocr.ts';
import { pngHeader } from './fixtures/cards/png-header.ts';
import { MARIA, renderCards } from './fixtures/cards/render.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * A photo of a business card without a model: read by the built-in OCR, proposed as a lead (or as a note on
 * the record it already is), corrected before confirming, and created on Confirm. The cards are made here in
 * Chromium; one OCR worker serves the whole file.
 */

const TOMAS = {
  name: 'Tomás Rivera',
  title: 'Operations Director',
  company: 'Sierra Verde Foods S.A.',
  email: 'tomas.rivera@sierraverde.example',
  phone: '+34 955 123 456',
};

let clean: Uint8Array;
let tilted: Uint8Array;
let known: Uint8Array;
let poster: Uint8Array;

before(async () => {
  [clean, tilted, known, poster] = (await renderCards([
    { text: MARIA },
    { text: MARIA, look: { tilt: 7, lowContrast: true, format: 'jpeg' } },
    { text: TOMAS },
    { text: { name: 'SUMMER SALE', title: 'Everything must go' } },
  ])) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
});
after(() => ocr.stop());

const photo = (bytes: Uint8Array, mediaType = 'image/png'): Attachment => ({
  kind: 'image',
  mediaType,
  bytes,
});

onEachDatabase('business card photos, offline', ({ db }) => {
  let api: TestApp;
  let t: Tenant;

  before(async () => {
    api = await startTestApp(db());
    t = await createTenant(db());
  });

  const send = (text: string, attachment?: Attachment) =>
    api.app.deps.assistant.send(t.owner.actor, { text, channel: 'api', ...(attachment && { attachment }) });
  const decide = (id: string, approve: boolean) =>
    api.call('POST', `/api/v1/assistant/confirmations/${id}`, { token: t.owner.token, body: { approve } });
  const leadsNamed = async (q: string) =>
    (await api.call('GET', `/api/v1/leads?q=${encodeURIComponent(q)}`, { token: t.owner.token })).body.items;

  test('a clean card becomes a proposed lead; Confirm creates it with every field', async () => {
    const turn = await send('met her at the trade fair', photo(clean));
    assert.match(
      turn.reply,
      /^Create lead Maria Gonzalez, Head of Purchasing at Blue Harbor Logistics Inc\., maria\.gonzalez@blueharbor\.example, \+1 ?415 555 0142\./,
    );
    assert.deepEqual(turn.confirmation?.summary, [
      'Add lead "Maria Gonzalez" at Blue Harbor Logistics Inc. from event',
    ]);
    assert.equal((await leadsNamed('gonzalez')).length, 0, 'nothing is written before Confirm');

    const done = await decide(turn.confirmation!.id, true);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const [lead] = await leadsNamed('gonzalez');
    const full = (await api.call('GET', `/api/v1/leads/${lead.id}`, { token: t.owner.token })).body;
    assert.equal(full.company, 'Blue Harbor Logistics Inc.');
    assert.equal(full.email, 'maria.gonzalez@blueharbor.example');
    assert.match(full.phone, /^\+1 ?415 555 0142$/);
    assert.equal(full.source, 'event');
    assert.match(full.notes, /^Title: Head of Purchasing$/m);
    assert.match(full.notes, /^Note: met her at the trade fair$/m);
  });

  test('the same card again proposes a note on the lead, not a duplicate', async () => {
    const turn = await send('', photo(tilted, 'image/jpeg'));
    assert.match(turn.reply, /Maria Gonzalez is already in your records as a lead/);
    assert.deepEqual(
      turn.actions.filter((a) => a.status === 'needs_confirmation').map((a) => a.tool),
      ['log_activity'],
    );
    await decide(turn.confirmation!.id, true);
    assert.equal((await leadsNamed('gonzalez')).length, 1, 'still one Maria');
  });

  test('a card whose email a customer has becomes a note on that customer', async () => {
    const customer = await api.call('POST', '/api/v1/customers', {
      token: t.owner.token,
      body: { kind: 'business', name: 'Tomas Rivera', email: TOMAS.email },
    });
    assert.equal(customer.status, 201, JSON.stringify(customer.body));
    const turn = await send('', photo(known));
    assert.match(turn.reply, /^Tomas Rivera is already in your records as a customer with this email/);
    assert.deepEqual(turn.confirmation?.summary, [
      'Log note "Met again: business card received" (linked to the named record)',
    ]);
    await decide(turn.confirmation!.id, true);
    const notes = await api.call('GET', `/api/v1/activities?customerId=${customer.body.id}`, {
      token: t.owner.token,
    });
    assert.equal(notes.body.items[0].subject, 'Met again: business card received');
    assert.match(notes.body.items[0].body, /Operations Director at Sierra Verde Foods S\.A\./);
    assert.equal((await leadsNamed('rivera')).length, 0, 'no lead for a known customer');
  });

  test('a field typed before confirming replaces the proposal', async () => {
    await api.call('DELETE', `/api/v1/leads/${(await leadsNamed('gonzalez'))[0].id}`, {
      token: t.owner.token,
    });
    const first = await send('', photo(tilted, 'image/jpeg'));
    assert.match(first.reply, /^Create lead Maria Gonzalez, Head of Purchasing/);

    const bad = await send('email is not-an-address');
    assert.match(bad.reply, /doesn't look like an email address/);
    assert.equal(bad.confirmation, undefined);

    const fixed = await send('No, the title is Chief Buyer; company: Blue Harbor Group');
    assert.match(
      fixed.reply,
      /^Create lead Maria Gonzalez, Chief Buyer at Blue Harbor Group, maria\.gonzalez@/,
    );
    assert.equal((await decide(first.confirmation!.id, true)).status, 409, 'the old proposal is withdrawn');
    assert.equal((await decide(fixed.confirmation!.id, true)).status, 200);
    const [lead] = await leadsNamed('gonzalez');
    assert.equal(lead.company, 'Blue Harbor Group');
    const full = (await api.call('GET', `/api/v1/leads/${lead.id}`, { token: t.owner.token })).body;
    assert.match(full.notes, /^Title: Chief Buyer$/m);
  });

  test('a corrected phone that a lead already has, written differently, turns the proposal into a note', async () => {
    const existing = await api.call('POST', '/api/v1/leads', {
      token: t.owner.token,
      body: { name: 'Dana Whitfield', phone: '(212) 555-0100' },
    });
    assert.equal(existing.status, 201, JSON.stringify(existing.body));
    const typed = await send('Create a new lead named Dana from LinkedIn');
    assert.ok(typed.confirmation);
    const fixed = await send('phone is +1 212 555 0100');
    assert.match(fixed.reply, /^Dana Whitfield is already in your records as a lead with this phone number/);
    assert.deepEqual(fixed.confirmation?.summary, [
      'Log note "Met again: business card received" (linked to the named record)',
    ]);
    assert.equal((await decide(typed.confirmation.id, true)).status, 409, 'the typed proposal is withdrawn');
  });

  test('a photo with no card on it, a file that is no image and a huge canvas are refused politely', async () => {
    const none = await send('', photo(poster));
    assert.match(none.reply, /^I couldn't find a business card in that photo/);
    assert.equal(none.confirmation, undefined);
    await assert.rejects(send('', photo(new TextEncoder().encode('name,email\nx,y\n'))), {
      code: 'validation_failed',
      message: /JPEG, PNG or WebP/,
    });
    await assert.rejects(send('', photo(pngHeader(20_000, 10_000))), {
      code: 'validation_failed',
      message: /200 megapixels, more than the 40/,
    });
  });
});
