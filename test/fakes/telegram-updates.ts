import type { Update } from 'grammy/types';
import { TEST_BOT } from './telegram-api.ts';

/** Updates for the fake Bot API to deliver: text, button presses, photos, voice notes, documents. */

let nextUpdateId = 1;
const person = (id: number) => ({ id, is_bot: false, first_name: `User${id}` });

function chatFor(chatId: number) {
  return chatId > 0
    ? { id: chatId, type: 'private' as const, first_name: `User${chatId}` }
    : { id: chatId, type: 'group' as const, title: 'A group' };
}

/** A text message update; in a group `from` says who wrote it. */
export function textUpdate(
  chatId: number,
  text: string,
  opts: {
    updateId?: number;
    from?: number;
    messageId?: number;
    replyTo?: { message_id: number; text: string };
  } = {},
): Update {
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command' as const, offset: 0, length: text.split(/\s/)[0]!.length }]
    : undefined;
  return {
    update_id: opts.updateId ?? nextUpdateId++,
    message: {
      message_id: opts.messageId ?? nextUpdateId + 50_000,
      date: Math.floor(Date.now() / 1000),
      chat: chatFor(chatId),
      from: person(opts.from ?? chatId),
      text,
      ...(entities ? { entities } : {}),
      ...(opts.replyTo
        ? {
            reply_to_message: {
              message_id: opts.replyTo.message_id,
              date: 0,
              chat: chatFor(chatId),
              from: { id: TEST_BOT.id, is_bot: true, first_name: 'Parley', username: TEST_BOT.username },
              text: opts.replyTo.text,
            },
          }
        : {}),
    },
  } as Update;
}

export function callbackUpdate(
  chatId: number,
  data: string,
  message: { message_id: number; text: string },
  opts: { updateId?: number; from?: number } = {},
): Update {
  return {
    update_id: opts.updateId ?? nextUpdateId++,
    callback_query: {
      id: `cb${nextUpdateId}`,
      from: person(opts.from ?? chatId),
      chat_instance: 'ci',
      data,
      message: {
        message_id: message.message_id,
        date: 0,
        chat: chatFor(chatId),
        from: { id: TEST_BOT.id, is_bot: true, first_name: 'Parley', username: TEST_BOT.username },
        text: message.text,
      },
    },
  } as Update;
}

/** A message carrying `fields` (a photo, voice, document, sticker, location…), sent now. */
export function messageUpdate(
  chatId: number,
  fields: Record<string, unknown>,
  opts: { from?: number; date?: number } = {},
): Update {
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId + 50_000,
      date: opts.date ?? Math.floor(Date.now() / 1000),
      chat: chatFor(chatId),
      from: person(opts.from ?? chatId),
      ...fields,
    },
  } as Update;
}

/**
 * A photo as Telegram sends it: several sizes of one image, smallest first. `sizes` gives each size's file
 * (from putFile) and dimensions; without them, a tiny photo with no file behind it.
 */
export function photoUpdate(
  chatId: number,
  opts: {
    sizes?: { fileId: string; width: number; height: number; fileSize?: number }[];
    caption?: string;
    from?: number;
    date?: number;
  } = {},
): Update {
  const sizes = opts.sizes ?? [{ fileId: 'f', width: 1, height: 1 }];
  return messageUpdate(
    chatId,
    {
      photo: sizes.map((s, i) => ({
        file_id: s.fileId,
        file_unique_id: `u${i}`,
        width: s.width,
        height: s.height,
        ...(s.fileSize === undefined ? {} : { file_size: s.fileSize }),
      })),
      ...(opts.caption === undefined ? {} : { caption: opts.caption }),
    },
    opts,
  );
}

/** A voice note of `seconds`, OGG/Opus as Telegram records them. */
export function voiceUpdate(
  chatId: number,
  fileId: string,
  opts: { fileSize?: number; seconds?: number; caption?: string } = {},
): Update {
  return messageUpdate(chatId, {
    voice: {
      file_id: fileId,
      file_unique_id: `u-${fileId}`,
      duration: opts.seconds ?? 3,
      mime_type: 'audio/ogg',
      ...(opts.fileSize === undefined ? {} : { file_size: opts.fileSize }),
    },
    ...(opts.caption === undefined ? {} : { caption: opts.caption }),
  });
}

export function documentUpdate(
  chatId: number,
  fileId: string,
  doc: { name: string; mimeType?: string; fileSize?: number; caption?: string },
): Update {
  return messageUpdate(chatId, {
    document: {
      file_id: fileId,
      file_unique_id: `u-${fileId}`,
      file_name: doc.name,
      ...(doc.mimeType ? { mime_type: doc.mimeType } : {}),
      ...(doc.fileSize === undefined ? {} : { file_size: doc.fileSize }),
    },
    ...(doc.caption === undefined ? {} : { caption: doc.caption }),
  });
}

export function newUpdateId(): number {
  return nextUpdateId++;
}
