import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { speechService, transcribe } from '../src/assistant/voice.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { DomainError } from '../src/domain/errors.ts';
import { systemClock } from '../src/domain/time.ts';
import { createServices } from '../src/services.ts';
import { type FakeModelServer, startFakeGemini } from './fakes/llm.ts';
import { callbackUpdate, FakeTelegram, textUpdate, voiceUpdate } from './fakes/telegram-api.ts';
import { type FakeTranscription, startFakeTranscription } from './fakes/transcription.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';
import { type BotHarness, startBot } from './telegram-support.ts';

/**
 * Voice notes sent to the bot and answered by the real assistant: transcribed by a fake OpenAI-compatible
 * endpoint or a fake Gemini, both speaking their real wire formats, then handled as typed text, with the
 * same Confirm before any write.
 */
onEachDatabase('telegram voice notes', ({ db }) => {
  let fake: FakeTelegram;
  let whisper: FakeTranscription;
  let gemini: FakeModelServer;
  let t: Tenant;
  let chatSeq = 12_000_000 + Math.floor(Math.random() * 1_000_000);
  const bots: BotHarness[] = [];
  // What a voice note is to the fake: OGG's magic number and some bytes.
  const audio = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 1, 2, 3, 4, 5, 6, 7, 8]);

  before(async () => {
    fake = await FakeTelegram.start();
    whisper = await startFakeTranscription();
    gemini = await startFakeGemini();
    t = await createTenant(db());
  });
  after(async () => {
    for (const bot of bots) await bot.close();
    await Promise.all([fake.close(), whisper.close(), gemini.close()]);
  });

  /** A bot answered by the real assistant under `settings`, and a chat signed in as the owner. */
  async function chatWith(settings: Record<string, string>) {
    const config = loadConfig(settings);
    const services = createServices({ config, db: db(), clock: systemClock });
    const bot = await startBot(db(), { assistant: services.assistant, clock: systemClock, fake });
    bots.push(bot);
    const chat = ++chatSeq;
    await bot.deliver(textUpdate(chat, `/login ${t.owner.email}`), textUpdate(chat, TEST_PASSWORD));
    assert.match(fake.sentTo(chat).at(-1) ?? '', /Signed in as/);
    const say = async () => {
      const fileId = fake.putFile(audio, { path: `voice/file_${chat}.oga` });
      await bot.deliver(voiceUpdate(chat, fileId));
      return fake.lastSentTo(chat)!;
    };
    return { bot, chat, services, say };
  }

  test('an OpenAI-compatible endpoint hears the note; "I heard" and a proposal that Confirm carries out', async () => {
    const { bot, chat, services, say } = await chatWith({
      TRANSCRIPTION_BASE_URL: whisper.url,
      TRANSCRIPTION_MODEL: 'whisper-1',
      TRANSCRIPTION_API_KEY: 'sk-voice',
    });
    whisper.script({ text: ' Create a new lead named Johanna from Facebook. ' });
    const answer = await say();

    const heard = whisper.requests.at(-1)!;
    assert.equal(heard.model, 'whisper-1');
    assert.equal(heard.fileName, 'voice.ogg');
    assert.equal(heard.fileType, 'audio/ogg');
    assert.deepEqual(heard.bytes, audio);
    assert.equal(heard.authorization, 'Bearer sk-voice');

    const text = String(answer.payload.text);
    assert.match(text, /^I heard: “Create a new lead named Johanna from Facebook\.”/);
    assert.match(text, /Confirm<\/b> to:[\s\S]*Add lead &quot;Johanna&quot; from facebook/);
    const confirm = (
      answer.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }
    ).inline_keyboard
      .flat()
      .find((b) => b.callback_data.startsWith('cf:y:'))!;
    const leads = () => services.crm.leads.list(t.owner.actor, { q: 'johanna' });
    assert.equal((await leads()).items.length, 0, 'nothing written before Confirm');

    const messageId = (answer.result as { message_id: number }).message_id;
    await bot.deliver(callbackUpdate(chat, confirm.callback_data, { message_id: messageId, text }));
    assert.match(fake.messages.get(messageId)!.html, /Confirmed/);
    const [lead] = (await leads()).items;
    assert.equal(lead?.source, 'facebook');
  });

  test('Gemini receives the note as inline audio and its transcript is answered', async () => {
    const { say } = await chatWith({ GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url });
    const before = gemini.requests.length;
    gemini.script({ text: 'show my deals' }, { text: 'You have no open deals.' });
    const answer = await say();

    const [transcription] = gemini.requests.slice(before);
    const parts = transcription.contents[0].parts as {
      text?: string;
      inlineData?: { mimeType: string; data: string };
    }[];
    const inline = parts.find((p) => p.inlineData)!.inlineData!;
    assert.equal(inline.mimeType, 'audio/ogg');
    assert.deepEqual(Buffer.from(inline.data, 'base64'), Buffer.from(audio));
    assert.match(parts.find((p) => p.text)!.text!, /verbatim/);
    assert.match(String(answer.payload.text), /^I heard: “show my deals”\n\nYou have no open deals\./);
  });

  test('without a speech model the reply names the settings that enable voice', async () => {
    const { say } = await chatWith({});
    const answer = String((await say()).payload.text);
    assert.match(answer, /Voice notes need a speech model/);
    assert.match(answer, /GEMINI_API_KEY/);
    assert.match(answer, /TRANSCRIPTION_MODEL/);
    assert.ok(!/I heard/.test(answer));
  });

  test('a failing or silent speech service gets a polite reply, not an error', async () => {
    const { say } = await chatWith({
      TRANSCRIPTION_BASE_URL: whisper.url,
      TRANSCRIPTION_MODEL: 'whisper-1',
      TRANSCRIPTION_TIMEOUT_SECONDS: '1',
    });
    whisper.script({ fail: 500 });
    assert.match(String((await say()).payload.text), /could not transcribe that voice note just now/);
    whisper.script({ text: '   ' });
    assert.match(String((await say()).payload.text), /could not make out any words/);
    whisper.script({ hang: true });
    assert.match(String((await say()).payload.text), /took too long with that voice note/);
  });
});

test('transcription settings: clear messages when half set, and keys go only where they belong', () => {
  assert.throws(
    () => loadConfig({ TRANSCRIPTION_MODEL: 'whisper-1' }),
    (e: ConfigError) =>
      e.problems.some((p) => /^TRANSCRIPTION_BASE_URL: .*required with TRANSCRIPTION_MODEL/.test(p)),
  );
  assert.throws(
    () => loadConfig({ TRANSCRIPTION_BASE_URL: 'http://localhost:8000/v1' }),
    (e: ConfigError) => e.problems.some((p) => /^TRANSCRIPTION_MODEL: .*whisper-1/.test(p)),
  );
  assert.throws(
    () => loadConfig({ TRANSCRIPTION_BASE_URL: 'not a url', TRANSCRIPTION_MODEL: 'w' }),
    ConfigError,
  );

  const openai = { OPENAI_BASE_URL: 'http://ai.local/v1/', OPENAI_MODEL: 'm', OPENAI_API_KEY: 'sk-chat' };
  assert.deepEqual(speechService(loadConfig({ ...openai, TRANSCRIPTION_MODEL: 'whisper-1' })), {
    kind: 'endpoint',
    url: 'http://ai.local/v1/audio/transcriptions',
    model: 'whisper-1',
    apiKey: 'sk-chat',
  });
  assert.deepEqual(
    speechService(
      loadConfig({
        ...openai,
        TRANSCRIPTION_MODEL: 'whisper-1',
        TRANSCRIPTION_BASE_URL: 'http://whisper.local/v1',
      }),
    ),
    { kind: 'endpoint', url: 'http://whisper.local/v1/audio/transcriptions', model: 'whisper-1' },
    'the chat server key is not sent to another address',
  );
  assert.deepEqual(speechService(loadConfig({ GEMINI_API_KEY: 'k' })), {
    kind: 'gemini',
    model: 'gemini-2.5-flash',
  });
  assert.equal(speechService(loadConfig(openai)), null, 'a chat model alone does not transcribe');
});

test('a failed transcription is reported for the log without the words, the audio or the key', async () => {
  const whisper = await startFakeTranscription();
  try {
    const config = loadConfig({
      TRANSCRIPTION_BASE_URL: whisper.url,
      TRANSCRIPTION_MODEL: 'whisper-1',
      TRANSCRIPTION_API_KEY: 'sk-secret-voice',
    });
    const audio = {
      kind: 'audio' as const,
      mediaType: 'audio/ogg',
      name: 'note.ogg',
      bytes: new Uint8Array(4),
    };
    const warnings: string[] = [];
    whisper.script({ fail: 503 });
    await assert.rejects(
      transcribe(config, audio, (m) => warnings.push(m)),
      DomainError,
    );
    assert.deepEqual(warnings, [
      'voice transcription (endpoint) failed: transcription endpoint answered 503',
    ]);
    whisper.script({ text: 'call Maria tomorrow' });
    assert.equal(await transcribe(config, audio), 'call Maria tomorrow');
    assert.equal(whisper.requests.at(-1)!.fileName, 'note.ogg', 'a name with an extension is kept');
  } finally {
    await whisper.close();
  }
});
