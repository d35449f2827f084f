import { attachmentKind, MAX_ATTACHMENT_BYTES } from '../../../../src/assistant/attachments.ts';
import type { MessageFile } from '../../api/types.ts';

/** What the file picker offers: business card photos and CSV files. */
export const ACCEPTED_FILES = 'image/*,.csv,text/csv';

/** Why a file cannot be sent, said before uploading it; null when it can. */
export function fileProblem(file: File): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_ATTACHMENT_BYTES)
    return `${file.name} is larger than 20 MB, which is more than the assistant can read.`;
  const kind = attachmentKind(file.type, file.name);
  if (kind !== 'image' && kind !== 'table')
    return `${file.name} is neither a photo nor a CSV file; the assistant reads business card photos and CSV files.`;
  return null;
}

/** The file as the message endpoint takes it: its name, type and bytes in base64. */
export function encodeFile(file: File): Promise<MessageFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, mediaType: file.type, data: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(new Error(`${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}
