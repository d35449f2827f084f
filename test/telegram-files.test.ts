import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { imageSize } from 'image-size';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/domain/time.ts';
import { ocr } from '../src/media/ocr.ts';
import { createServices } from '../src/services.ts';
import {
  callbackUpdate,
  documentUpdate,
  FakeTelegram,
  photoUpdate,
  textUpdate,
} from './fakes/telegram-api.ts';
import { MARIA, renderCards } from './fixtures/cards/render.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';
import { type BotHarness, startBot } from './telegram-support.ts';

/**
 * Files sent to the bot and answered by the real assistant with the offline engine: a CSV document becomes an
 * import preview whose Confirm imports it through the same import service as the web app; a photo of a
 * business card becomes a proposed lead that a typed correction changes before Confirm.
 */

let card: Uint8Array;
before(async () => {
  [card] = (await renderCards([{ text: MARIA, look: { tilt: 4, format: 'jpeg' } }])) as [Uint8Array];
});
after(() => ocr.stop());
onEachDatabase('telegram files', ({ db }) => {
  let fake: FakeTelegram;
  let t: Tenant;
  let bot: BotHarness;
  let services: ReturnType<typeof createServices>;
  let chatSeq = 14_000_000 + Math.floor(Math.random() * 1_000_000);

  before(async () => {
    fake = await FakeTelegram.start();
    t = await createTenant(db());
    services = createServices({ config: loadConfig({}), db: db(), clock: systemClock });
    bot = await startBot(db(), { assistant: services.assistant, clock: systemClock, fake });
  });
  after(async () => {
    await bot.close();
    await fake.close();
  });

  async function signedInChat(email: string): Promise<number> {
    const chat = ++chatSeq;
    await bot.signIn(chat, email);
    return chat;
  }

  function confirmButton(payload: Record<string, unknown>): string | undefined {
    const markup = payload.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined;
    return markup?.inline_keyboard?.flat().find((b) => b.callback_data.startsWith('cf:y:'))?.callback_data;
  }

  test('a CSV document is previewed, imported on Confirm, and an existing email is skipped', async () => {
    const chat = await signedInChat(t.owner.email);
    const existing = await services.crm.leads.create(t.owner.actor, {
      name: 'Ines Existing',
      email: 'ines@harbor.example',
    });
    const csv = [
      'Name,Email,Source,Notes',
      'Tomas Quill,tomas@quill.example,event,"met at the fair; call Mon"',
      'Ines Again,ines@harbor.example,referral,',
      '"Rita ""Ro"" Vale",rita@vale.example,website,"two',
      'lines"',
    ].join('\n');
    const fileId = fake.putFile(new TextEncoder().encode(csv), { path: 'documents/leads.csv' });
    await bot.deliver(documentUpdate(chat, fileId, { name: 'leads.csv', mimeType: 'text/csv' }));
    const proposal = fake.lastSentTo(chat)!;
    const text = String(proposal.payload.text);
    assert.match(text, /2 new/i, text);
    assert.match(text, /1 existing/i, text);
    const confirm = confirmButton(proposal.payload);
    assert.ok(confirm, 'the import waits for Confirm');
    const before = await services.crm.leads.list(t.owner.actor, { q: 'quill' });
    assert.equal(before.items.length, 0, 'nothing imported before Confirm');

    const messageId = (proposal.result as { message_id: number }).message_id;
    await bot.deliver(callbackUpdate(chat, confirm, { message_id: messageId, text }));
    assert.match(fake.messages.get(messageId)!.html, /Confirmed/);
    const [tomas] = (await services.crm.leads.list(t.owner.actor, { q: 'quill' })).items;
    assert.equal(tomas?.email, 'tomas@quill.example');
    assert.equal(tomas?.source, 'event');
    const [rita] = (await services.crm.leads.list(t.owner.actor, { q: 'vale' })).items;
    assert.equal(rita?.name, 'Rita "Ro" Vale');
    const again = await services.crm.leads.get(t.owner.actor, existing.id);
    assert.equal(again.name, 'Ines Existing', 'the existing lead is left as it was');
  });

  test('a customer sending a CSV is told plainly, and nothing is proposed', async () => {
    const chat = await signedInChat(t.customer.email);
    const fileId = fake.putFile(new TextEncoder().encode('Name,Email\nZed,zed@x.example\n'), {
      path: 'documents/x.csv',
    });
    await bot.deliver(documentUpdate(chat, fileId, { name: 'x.csv', mimeType: 'text/csv' }));
    const reply = fake.lastSentTo(chat)!;
    assert.equal(confirmButton(reply.payload), undefined);
    assert.match(String(reply.payload.text), /cannot import/i);
    assert.doesNotMatch(String(reply.payload.text), /import_records/);
  });

  test('a photo of a business card is proposed as a lead, corrected by a typed field, created on Confirm', async () => {
    const chat = await signedInChat(t.owner.email);
    const { width, height } = imageSize(card);
    const fileId = fake.putFile(card, { path: 'photos/card.jpg' });
    const thumb = fake.putFile(card.slice(0, 10), { path: 'photos/thumb.jpg' });
    await bot.deliver(
      photoUpdate(chat, {
        sizes: [
          { fileId: thumb, width: 90, height: 50 },
          { fileId, width, height },
        ],
        caption: 'met at the expo',
      }),
    );
    const proposal = fake.lastSentTo(chat)!;
    const asked = String(proposal.payload.text);
    assert.match(asked, /Create lead Maria Gonzalez, Head of Purchasing at Blue Harbor Logistics/);
    assert.match(asked, /Confirm<\/b> to:[\s\S]*Add lead &quot;Maria Gonzalez&quot;/);
    assert.ok(confirmButton(proposal.payload));

    await bot.deliver(textUpdate(chat, 'the title is Chief Buyer'));
    const corrected = fake.lastSentTo(chat)!;
    const confirm = confirmButton(corrected.payload);
    assert.ok(confirm, 'the corrected lead waits for Confirm');
    assert.notEqual(confirm, confirmButton(proposal.payload), 'a new proposal replaces the first');
    const messageId = (corrected.result as { message_id: number }).message_id;
    await bot.deliver(
      callbackUpdate(chat, confirm, { message_id: messageId, text: String(corrected.payload.text) }),
    );
    const [lead] = (await services.crm.leads.list(t.owner.actor, { q: 'gonzalez' })).items;
    assert.ok(lead, 'the lead exists after Confirm');
    const full = await services.crm.leads.get(t.owner.actor, lead.id);
    assert.equal(full.email, 'maria.gonzalez@blueharbor.example');
    assert.equal(full.source, 'event');
    assert.match(full.notes ?? '', /Chief Buyer/);
    assert.doesNotMatch(full.notes ?? '', /Head of Purchasing/);
  });
});
