import { invalid } from '../domain/errors.ts';

/**
 * A file sent with a message: a photo, a voice note, a document. The bytes live only while the turn runs;
 * nothing of the file is stored, only the words the turn produced.
 */
export type AttachmentKind = 'image' | 'audio' | 'table' | 'other';

export interface Attachment {
  kind: AttachmentKind;
  /** As the sender declared it (Telegram's mime_type, the browser's File.type); checked again by readers. */
  mediaType: string;
  name?: string;
  bytes: Uint8Array;
}

/** The Bot API's download limit, applied to every channel so a file behaves the same everywhere. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** What a file is for the assistant, from its declared type and name. */
export function attachmentKind(mediaType: string, name = ''): AttachmentKind {
  const type = mediaType.toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/') || type === 'video/ogg') return 'audio';
  if (type === 'text/csv' || type === 'application/csv' || /\.csv$/i.test(name)) return 'table';
  return 'other';
}

/** Refuses a file too large to read, before anything decodes it. */
export function checkAttachmentSize(bytes: number): void {
  if (bytes > MAX_ATTACHMENT_BYTES) {
    throw invalid('That file is larger than 20 MB, which is more than I can read. Send a smaller one.');
  }
}
