import type { Update } from 'grammy/types';
import { z } from 'zod';

/**
 * The parts of an update that Parley reads (the inbox to find its chat, the bot's handlers to answer it),
 * checked before it is stored. Telegram sends more than this and the rest passes untouched; an update whose
 * read parts are not the shape Telegram documents (`"message": []`, a chat without an id) is skipped, since
 * answering it would fail on every try.
 */

const id = z.number().int();
const user = z.looseObject({ id });
const chat = z.looseObject({ id, type: z.string() });

const entity = z.looseObject({ type: z.string(), offset: id, length: id });
const quoted = z.looseObject({ message_id: id, from: user.optional(), text: z.string().optional() });

/** A file the bot may download: what getFile needs, and the size checked before it is asked. */
const file = z.looseObject({ file_id: z.string().min(1), file_size: id.min(0).optional() });
const photoSize = z.looseObject({ ...file.shape, width: id.min(0), height: id.min(0) });
const timed = z.looseObject({ ...file.shape, duration: id.min(0) });

const message = z.looseObject({
  message_id: id,
  date: id.optional(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  reply_to_message: quoted.optional(),
  photo: z.array(photoSize).optional(),
  voice: timed.optional(),
  audio: timed.optional(),
  document: file.optional(),
  video: file.optional(),
  video_note: file.optional(),
  animation: file.optional(),
});

const callbackQuery = z.looseObject({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.looseObject({ message_id: id, chat, text: z.string().optional() }).optional(),
  inline_message_id: z.string().optional(),
});

const memberChange = z.looseObject({
  chat,
  from: user,
  new_chat_member: z.looseObject({ status: z.string() }),
});

export const telegramUpdate = z.looseObject({
  update_id: id.min(0),
  message: message.optional(),
  edited_message: message.optional(),
  channel_post: message.optional(),
  edited_channel_post: message.optional(),
  business_message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: memberChange.optional(),
  chat_member: memberChange.optional(),
  chat_join_request: z.looseObject({ chat, from: user }).optional(),
  inline_query: z.looseObject({ id: z.string(), from: user }).optional(),
  poll_answer: z.looseObject({ user: user.optional() }).optional(),
});

/** What was wrong with an update, for the log: where, never the values (they may hold a password). */
export interface Misshapen {
  updateId: number | null;
  problems: string[];
}

/** The update when its read parts have Telegram's shape, or what is wrong with it. */
export function readUpdate(body: unknown): { update: Update } | { misshapen: Misshapen } {
  const parsed = telegramUpdate.safeParse(body);
  if (parsed.success) return { update: body as Update };
  const given = (body as { update_id?: unknown } | null)?.update_id;
  return {
    misshapen: {
      updateId: typeof given === 'number' ? given : null,
      problems: parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(update)'}: ${issue.code}`),
    },
  };
}
