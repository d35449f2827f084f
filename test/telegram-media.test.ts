import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Api } from 'grammy';
import { MAX_ATTACHMENT_BYTES } from '../src/assistant/attachments.ts';
import { telegramLinksService } from '../src/crm/telegram-links.ts';
import { DomainError } from '../src/domain/errors.ts';
import { ONE_AT_A_TIME } from '../src/telegram/file-messages.ts';
import { downloadFile } from '../src/telegram/files.ts';
import {
  documentUpdate,
  FakeTelegram,
  messageUpdate,
  photoUpdate,
  TEST_TOKEN,
  textUpdate,
  voiceUpdate,
} from './fakes/telegram-api.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import {
  type BotHarness,
  manualClock,
  recordingLog,
  scriptedAssistant,
  startBot,
} from './telegram-support.ts';

/**
 * Photos, voice notes and documents through the real grammY client and the fake Bot API, which serves
 * getFile and the files' bytes as Telegram does. The assistant is a stand-in that records what it was given;
 * telegram-voice.test.ts runs the real one.
 */
onEachDatabase('telegram files', ({ db }) => {
  let fake: FakeTelegram;
  let bot: BotHarness;
  let t: Tenant;
  const time = manualClock();
  const assistant = scriptedAssistant();
  let chatSeq = 11_000_000 + Math.floor(Math.random() * 1_000_000);

  before(async () => {
    fake = await FakeTelegram.start();
    bot = await startBot(db(), { assistant, clock: time.clock, fake });
    t = await createTenant(db());
  });
  after(async () => {
    await bot.close();
    await fake.close();
  });

  const lastText = (chat: number) => fake.sentTo(chat).at(-1) ?? '';
  const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);
  const getFiles = () => fake.callsOf('getFile').length;

  async function signedInChat(): Promise<number> {
    const chat = ++chatSeq;
    await bot.deliver(textUpdate(chat, `/login ${t.employee.email}`), textUpdate(chat, TEST_PASSWORD));
    assert.match(lastText(chat), /Signed in as/);
    return chat;
  }

  test('a captioned photo reaches the assistant as its caption and the largest photo size', async () => {
    const chat = await signedInChat();
    const small = fake.putFile(bytes(90, 1), { path: 'photos/small.jpg' });
    const large = fake.putFile(bytes(4000, 2), { path: 'photos/large.jpg' });
    const huge = fake.putFile(bytes(10, 3), { path: 'photos/huge.jpg', size: MAX_ATTACHMENT_BYTES + 1 });
    assistant.answerWith((text) => ({
      conversationId: 1,
      reply: `Read the card for "${text}"`,
      actions: [],
      confirmation: { id: 'conf-photo', summary: ['Add lead "Maria <Gonzalez>"'], expiresAt: '2099-01-01' },
    }));
    const photo = photoUpdate(chat, {
      caption: 'show my deals',
      sizes: [
        { fileId: small, width: 90, height: 60, fileSize: 90 },
        { fileId: large, width: 1280, height: 853, fileSize: 4000 },
        { fileId: huge, width: 2560, height: 1706, fileSize: MAX_ATTACHMENT_BYTES + 1 },
      ],
    });

    // The webhook only stores the update: nothing is downloaded until the worker handles it.
    await bot.telegram.webhook.accept(photo, JSON.stringify(photo));
    assert.equal(getFiles(), 0, 'no download in the webhook route');
    await bot.telegram.worker.drain();

    const asked = assistant.sent.at(-1)!;
    assert.equal(asked.text, 'show my deals');
    assert.equal(asked.attachment?.kind, 'image');
    assert.equal(asked.attachment?.mediaType, 'image/jpeg');
    assert.deepEqual(asked.attachment?.bytes, bytes(4000, 2), 'the largest size within the limit');
    assert.deepEqual(
      fake.downloads.map((d) => d.path),
      ['photos/large.jpg'],
    );
    assert.ok(
      fake.callsOf('sendChatAction').some((c) => c.payload.chat_id === chat),
      'typing is shown at once while the file is fetched',
    );
    // Presented as text turns are: the plan, escaped, with Confirm and Cancel.
    const answer = fake.lastSentTo(chat)!;
    assert.match(String(answer.payload.text), /Confirm<\/b> to:[\s\S]*Maria &lt;Gonzalez&gt;/);
    const buttons = (
      answer.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard.flat();
    assert.deepEqual(
      buttons.map((b) => b.callback_data),
      ['cf:y:conf-photo', 'cf:n:conf-photo'],
    );
    assistant.answerWith((text) => ({ conversationId: 1, reply: `You said: ${text}`, actions: [] }));
  });

  test('a video with a caption is its caption; without one, a polite note and no download', async () => {
    const chat = await signedInChat();
    const video = { file_id: 'v1', file_unique_id: 'v1', width: 1, height: 1, duration: 5 };
    const before = getFiles();
    await bot.deliver(messageUpdate(chat, { video, caption: 'show my deals' }));
    assert.equal(assistant.sent.at(-1)!.text, 'show my deals');
    assert.equal(assistant.sent.at(-1)!.attachment, undefined);
    assert.equal(lastText(chat), 'You said: show my deals');
    await bot.deliver(messageUpdate(chat, { video }));
    assert.match(lastText(chat), /cannot watch videos\. I can read photos/);
    assert.equal(getFiles(), before);
  });

  test('a voice note and a CSV document become audio and table attachments', async () => {
    const chat = await signedInChat();
    const voice = fake.putFile(bytes(500, 4), { path: 'voice/file_1.oga' });
    await bot.deliver(voiceUpdate(chat, voice));
    assert.equal(assistant.sent.at(-1)!.text, '');
    assert.equal(assistant.sent.at(-1)!.attachment?.kind, 'audio');
    assert.equal(assistant.sent.at(-1)!.attachment?.mediaType, 'audio/ogg');

    const csv = new TextEncoder().encode('name,email\nMaria,maria@example.com\n');
    const table = fake.putFile(csv, { path: 'documents/leads.csv', chunked: true });
    await bot.deliver(documentUpdate(chat, table, { name: 'leads.csv', caption: 'import these leads' }));
    const asked = assistant.sent.at(-1)!;
    assert.equal(asked.text, 'import these leads');
    assert.equal(asked.attachment?.kind, 'table');
    assert.equal(asked.attachment?.name, 'leads.csv');
    assert.deepEqual(asked.attachment?.bytes, csv);
  });

  test('files over 20 MB are refused politely without downloading them', async () => {
    const chat = await signedInChat();
    const sentBefore = assistant.sent.length;
    const downloadsBefore = fake.downloads.length;
    const big = MAX_ATTACHMENT_BYTES + 1;

    // Declared in the update: not even getFile is asked.
    const declared = fake.putFile(bytes(10), { size: big });
    const getFilesBefore = getFiles();
    await bot.deliver(documentUpdate(chat, declared, { name: 'huge.csv', fileSize: big }));
    assert.match(lastText(chat), /larger than 20 MB/);
    await bot.deliver(
      photoUpdate(chat, { sizes: [{ fileId: declared, width: 9, height: 9, fileSize: big }] }),
    );
    assert.match(lastText(chat), /larger than 20 MB/);
    await bot.deliver(voiceUpdate(chat, declared, { fileSize: big }));
    assert.match(lastText(chat), /larger than 20 MB/);
    assert.equal(getFiles(), getFilesBefore);

    // Known only to getFile (its size, or Telegram's own refusal): asked, but nothing is fetched.
    await bot.deliver(documentUpdate(chat, declared, { name: 'huge.csv' }));
    assert.match(lastText(chat), /larger than 20 MB/);
    const refused = fake.putFile(bytes(10), { tooBig: true });
    await bot.deliver(documentUpdate(chat, refused, { name: 'huge.csv' }));
    assert.match(lastText(chat), /larger than 20 MB/);

    assert.equal(fake.downloads.length, downloadsBefore, 'no bytes fetched');
    assert.equal(assistant.sent.length, sentBefore, 'nothing reached the assistant');
  });

  test('a file Telegram will not hand out gets a polite reply, not silence', async () => {
    const chat = await signedInChat();
    const update = documentUpdate(chat, 'no-such-file', { name: 'leads.csv' });
    await bot.deliver(update);
    assert.match(lastText(chat), /Telegram did not let me download that file/);
    assert.equal((await bot.telegram.inbox.status(update.update_id))?.status, 'done');
  });

  test("an update whose file parts are not Telegram's shape is skipped before it is stored", async () => {
    const chat = await signedInChat();
    const update = messageUpdate(chat, { photo: 'not a list' });
    await bot.deliver(update);
    assert.equal(await bot.telegram.inbox.status(update.update_id), undefined);
    const noId = messageUpdate(chat, { voice: { duration: 3 } });
    await bot.deliver(noId);
    assert.equal(await bot.telegram.inbox.status(noId.update_id), undefined);
  });

  test('a document that is not a table gets a clear reply, unread', async () => {
    const chat = await signedInChat();
    const pdf = fake.putFile(bytes(100));
    const before = getFiles();
    await bot.deliver(
      documentUpdate(chat, pdf, { name: 'offer.pdf', mimeType: 'application/pdf', caption: 'add this' }),
    );
    assert.match(
      lastText(chat),
      /I cannot use “offer\.pdf”\. I can read photos .*voice notes, and CSV files/,
    );
    assert.equal(getFiles(), before);
    const overlong = voiceUpdate(chat, pdf, { seconds: 900 });
    await bot.deliver(overlong);
    assert.match(lastText(chat), /longer than five minutes/);
    assert.equal(getFiles(), before);
  });

  test('stickers and locations keep a polite note', async () => {
    const chat = await signedInChat();
    const sentBefore = assistant.sent.length;
    await bot.deliver(
      messageUpdate(chat, { sticker: { file_id: 's', file_unique_id: 's', type: 'regular' } }),
    );
    assert.match(lastText(chat), /stickers, locations, contacts and the like pass me by/);
    await bot.deliver(messageUpdate(chat, { location: { latitude: 52.5, longitude: 13.4 } }));
    assert.match(lastText(chat), /pass me by\. Write what you need, e\.g\./);
    assert.equal(assistant.sent.length, sentBefore);
  });

  test('many files at once: a few are read, the rest declined with one note', async () => {
    const chat = await signedInChat();
    const sentBefore = assistant.sent.length;
    const date = Math.floor(Date.now() / 1000);
    const album = Array.from({ length: 6 }, (_, i) => {
      const fileId = fake.putFile(bytes(50, i), { path: `photos/album-${chat}-${i}.jpg` });
      return photoUpdate(chat, { sizes: [{ fileId, width: 800, height: 600 }], date: date + (i % 2) });
    });
    await bot.deliver(...album);
    assert.equal(assistant.sent.length - sentBefore, 3, 'three read');
    assert.equal(fake.sentTo(chat).filter((s) => s === ONE_AT_A_TIME).length, 1, 'told once');
    // A file sent later is a new burst.
    const later = fake.putFile(bytes(50), { path: `photos/later-${chat}.jpg` });
    await bot.deliver(
      photoUpdate(chat, { sizes: [{ fileId: later, width: 8, height: 6 }], date: date + 60 }),
    );
    assert.equal(assistant.sent.length - sentBefore, 4);
  });

  test('in a group a photo is read only when its caption addresses the bot', async () => {
    const group = -++chatSeq;
    const { code } = await telegramLinksService({ db: db(), clock: time.clock }).createCode(
      t.owner.actor,
      'session',
    );
    await bot.deliver(textUpdate(group, `/link@parley_test_bot ${code}`, { from: 42 }));
    const photo = fake.putFile(bytes(30), { path: `photos/group-${group}.jpg` });
    const sizes = [{ fileId: photo, width: 8, height: 6 }];
    const before = getFiles();
    await bot.deliver(photoUpdate(group, { sizes, caption: 'our holiday', from: 42 }));
    assert.equal(getFiles(), before, 'people sharing photos with each other are left alone');
    await bot.deliver(photoUpdate(group, { sizes, caption: '@parley_test_bot new lead', from: 42 }));
    assert.equal(assistant.sent.at(-1)!.text, 'new lead');
    assert.equal(assistant.sent.at(-1)!.attachment?.kind, 'image');
  });

  test('a download that fails is retried with its update, and the log never holds the token', async () => {
    const { log, lines } = recordingLog();
    const logged = await startBot(db(), { assistant, clock: time.clock, fake, log });
    try {
      const chat = await signedInChat();
      const sentBefore = assistant.sent.length;
      const file = fake.putFile(bytes(10), { path: `photos/failing-${chat}.jpg`, failing: true });
      const update = photoUpdate(chat, { sizes: [{ fileId: file, width: 8, height: 6 }] });
      await logged.deliver(update);
      const stored = await logged.telegram.inbox.status(update.update_id);
      assert.equal(stored?.status, 'received', 'to be tried again later');
      assert.match(stored?.last_error ?? '', /download failed with status 500/);
      assert.equal(assistant.sent.length, sentBefore);
      assert.ok(lines.some((l) => /update failed/.test(l.message)));
      assert.ok(!JSON.stringify(lines).includes(TEST_TOKEN), 'no log line holds the token');
      assert.ok(!(stored?.last_error ?? '').includes(TEST_TOKEN));
    } finally {
      await logged.close();
    }
  });

  test('the file address, which holds the token, appears in no reply', async () => {
    const chat = await signedInChat();
    const file = fake.putFile(bytes(10), { path: 'photos/x.jpg' });
    await bot.deliver(photoUpdate(chat, { sizes: [{ fileId: file, width: 8, height: 6 }] }));
    assert.equal(fake.downloads.at(-1)!.token, TEST_TOKEN, 'fetched with the bot token');
    assert.ok(!fake.sentTo(chat).some((s) => s.includes(TEST_TOKEN)));
  });
});

test('a download stops once it passes the limit, and its errors never quote the address', async () => {
  const fake = await FakeTelegram.start();
  try {
    const api = new Api(TEST_TOKEN, { apiRoot: fake.apiRoot });
    // Telegram says 100 bytes; the stream brings 300 KB without a length: counting stops it.
    const lying = fake.putFile(new Uint8Array(300_000), { size: 100, chunked: true });
    await assert.rejects(downloadFile(api, lying, { maxBytes: 1000 }), (e: Error) => {
      assert.ok(e instanceof DomainError);
      assert.match(e.message, /larger than 20 MB/);
      return true;
    });
    const fine = fake.putFile(new Uint8Array(500).fill(9), { chunked: true });
    assert.deepEqual(await downloadFile(api, fine, { maxBytes: 1000 }), new Uint8Array(500).fill(9));

    const gone = fake.putFile(new Uint8Array(5), { path: 'documents/gone' });
    const wrongRoot = new Api(TEST_TOKEN, { apiRoot: `${fake.apiRoot}/elsewhere` });
    await assert.rejects(downloadFile(wrongRoot, gone), (e: Error) => {
      assert.ok(!e.message.includes(TEST_TOKEN), e.message);
      return true;
    });
    const closed = new Api(TEST_TOKEN, { apiRoot: fake.apiRoot });
    await fake.close();
    await assert.rejects(downloadFile(closed, gone), (e: Error) => {
      assert.ok(!e.message.includes(TEST_TOKEN), e.message);
      return true;
    });
  } finally {
    await fake.close().catch(() => {});
  }
});
