import type { Message, PhotoSize } from 'grammy/types';
import { type AttachmentKind, attachmentKind, MAX_ATTACHMENT_BYTES } from '../assistant/attachments.ts';

/**
 * What a message with a file asks of the bot, decided from the update alone, before anything is
 * downloaded: a file to read (with its caption as the words), only the caption, or a polite refusal.
 * Messages with no file (stickers, locations, contacts) are not this module's: the result is null.
 */

/** A file worth downloading, as the update describes it. */
export interface FileToRead {
  fileId: string;
  kind: Exclude<AttachmentKind, 'other'>;
  mediaType: string;
  name: string;
  /** As Telegram declares it; absent for some files, when the download enforces the limit instead. */
  size?: number;
}

export type Incoming =
  | { does: 'read'; file: FileToRead; caption: string }
  | { does: 'caption'; caption: string }
  | { does: 'refuse'; reply: string };

/** Telegram photos are at most 2560 px a side; a size beyond this is something else and not decoded. */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** A longer voice note would not fit a message once written down (4,000 characters is ~5 minutes). */
export const MAX_VOICE_SECONDS = 300;

export const TOO_LARGE =
  'That file is larger than 20 MB, which is more than I can download. Send a smaller one.';
export const WHAT_I_READ =
  'I can read photos (a business card becomes a lead), voice notes, and CSV files (an import).';

const tooLarge = (size: number | undefined) => size !== undefined && size > MAX_ATTACHMENT_BYTES;

/** The largest photo size within the limits: the most detail the readers can be given. */
export function bestPhotoSize(sizes: readonly PhotoSize[]): PhotoSize | null {
  let best: PhotoSize | null = null;
  for (const size of sizes) {
    if (tooLarge(size.file_size) || size.width * size.height > MAX_PHOTO_PIXELS) continue;
    if (!best || size.width * size.height > best.width * best.height) best = size;
  }
  return best;
}

function read(file: FileToRead, caption: string): Incoming {
  return tooLarge(file.size) ? { does: 'refuse', reply: TOO_LARGE } : { does: 'read', file, caption };
}

const sized = (size: number | undefined) => (size === undefined ? {} : { size });

/** What the bot makes of `message`; `caption` is its words as addressed to the bot (no @mention). */
export function incomingOf(message: Message, caption: string): Incoming | null {
  if (message.photo) {
    const size = bestPhotoSize(message.photo);
    if (!size) return { does: 'refuse', reply: TOO_LARGE };
    // Telegram re-encodes every photo as JPEG.
    const file = { fileId: size.file_id, kind: 'image', mediaType: 'image/jpeg', name: 'photo.jpg' } as const;
    return read({ ...file, ...sized(size.file_size) }, caption);
  }
  const spoken = message.voice ?? message.audio;
  if (spoken) {
    if (spoken.duration > MAX_VOICE_SECONDS) {
      return {
        does: 'refuse',
        reply: 'That recording is longer than five minutes, more than I can take in. Send a shorter one.',
      };
    }
    const name = message.audio?.file_name ?? 'voice.ogg';
    const mediaType = spoken.mime_type ?? (message.voice ? 'audio/ogg' : 'audio/mpeg');
    const file = { fileId: spoken.file_id, kind: 'audio', mediaType, name } as const;
    return read({ ...file, ...sized(spoken.file_size) }, caption);
  }
  const document = message.document;
  if (document) {
    const name = document.file_name ?? 'file';
    const mediaType = document.mime_type ?? 'application/octet-stream';
    const kind = attachmentKind(mediaType, name);
    if (kind === 'other') {
      // The caption is most likely about the file ("import these"): answering it without the file would mislead.
      return { does: 'refuse', reply: `I cannot use “${name}”. ${WHAT_I_READ} Other files I cannot read.` };
    }
    return read({ fileId: document.file_id, kind, mediaType, name, ...sized(document.file_size) }, caption);
  }
  if (message.video || message.video_note || message.animation) {
    if (caption.trim()) return { does: 'caption', caption };
    return {
      does: 'refuse',
      reply: `I cannot watch videos. ${WHAT_I_READ} Or write what you need.`,
    };
  }
  return null;
}
