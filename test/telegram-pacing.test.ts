import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { textUpdate } from './fakes/telegram-api.ts';
import { onEachDatabase } from './support/databases.ts';
import { manualClock, scriptedAssistant, startBot } from './telegram-support.ts';

/** TELEGRAM_MAX_MESSAGES_PER_SECOND sets the bot's overall pace; Telegram's 30 a second is the default. */
onEachDatabase('telegram pacing', ({ db }) => {
  let nextChat = 7_000_000 + Math.floor(Math.random() * 1_000_000);

  /** Ten strangers write at once; each gets the sign-in help. Returns the pauses the sender asked for. */
  async function tenChatsAnswered(settings: Record<string, string>): Promise<number[]> {
    const bot = await startBot(db(), {
      assistant: scriptedAssistant(),
      clock: manualClock().clock,
      settings,
    });
    try {
      const chats = Array.from({ length: 10 }, () => ++nextChat);
      await bot.deliver(...chats.map((chat) => textUpdate(chat, 'hello')));
      for (const chat of chats) assert.equal(bot.fake.sentTo(chat).length, 1, `chat ${chat} answered once`);
      return bot.sleeps;
    } finally {
      await bot.close();
    }
  }

  test('by default ten answers fit in the first second without waiting', async () => {
    assert.deepEqual(await tenChatsAnswered({}), []);
  });

  test('a lower overall limit makes the same answers wait their turn', async () => {
    const waits = await tenChatsAnswered({ TELEGRAM_MAX_MESSAGES_PER_SECOND: '4' });
    assert.ok(waits.length > 0 && waits.every((ms) => ms > 0), `waits: ${waits.join(', ')}`);
  });
});

test('the overall limit must be a whole number of at least 1', () => {
  for (const bad of ['0', '-5', 'fast', '2.5']) {
    assert.throws(
      () => loadConfig({ TELEGRAM_MAX_MESSAGES_PER_SECOND: bad }),
      /TELEGRAM_MAX_MESSAGES_PER_SECOND/,
    );
  }
});
