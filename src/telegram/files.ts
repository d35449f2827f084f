import { type Api, GrammyError } from 'grammy';
import { MAX_ATTACHMENT_BYTES } from '../assistant/attachments.ts';
import { DomainError, invalid } from '../domain/errors.ts';
import { TOO_LARGE } from './media.ts';

/**
 * Downloads a file a person sent, the way the Bot API offers it: `getFile` for its path, then the bytes from
 * `<api root>/file/bot<token>/<path>`. That address holds the bot's token, so it appears in no error and no
 * log line. The bytes stay in memory for the turn only; nothing is written to disk.
 */

/** Long enough for 20 MB over a slow link; a stalled download is retried with the update. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

const UNAVAILABLE = 'Telegram did not let me download that file. Please send it again.';

export interface DownloadOptions {
  maxBytes?: number;
  timeoutMs?: number;
}

/** Where the Bot API serves a file; private, since the address holds the token. */
function fileUrl(api: Api, path: string): string {
  const root = (api.options?.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
  return `${root}/file/bot${api.token}/${path}`;
}

/** The file's path at Telegram, refusing (politely) a file over the limit before a byte is fetched. */
async function pathOf(api: Api, fileId: string, maxBytes: number): Promise<string> {
  let file: Awaited<ReturnType<Api['getFile']>>;
  try {
    file = await api.getFile(fileId);
  } catch (error) {
    // Telegram's own answer for a file over its 20 MB download limit whose size the update did not say.
    if (error instanceof GrammyError && /too big/i.test(error.description)) throw invalid(TOO_LARGE);
    // A file Telegram will not hand out (expired, unknown): retrying cannot help, and the person should know.
    if (error instanceof GrammyError && error.error_code === 400) throw invalid(UNAVAILABLE);
    throw error;
  }
  if (file.file_size !== undefined && file.file_size > maxBytes) throw invalid(TOO_LARGE);
  if (!file.file_path) throw invalid(UNAVAILABLE);
  return file.file_path;
}

/** Reads the body, stopping as soon as it passes `maxBytes` whatever the headers said. */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw invalid(TOO_LARGE);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The file's bytes; a DomainError for what the person can fix, a plain error (retried) for the rest. */
export async function downloadFile(
  api: Api,
  fileId: string,
  opts: DownloadOptions = {},
): Promise<Uint8Array> {
  const maxBytes = opts.maxBytes ?? MAX_ATTACHMENT_BYTES;
  const path = await pathOf(api, fileId, maxBytes);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(fileUrl(api, path), { signal });
  } catch (error) {
    // Only the kind of failure leaves here: the underlying error may quote the address.
    throw new Error(`telegram file download failed (${(error as Error).name})`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw new Error(`telegram file download failed with status ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body.cancel().catch(() => {});
    throw invalid(TOO_LARGE);
  }
  try {
    return await readCapped(res.body, maxBytes);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new Error(`telegram file download failed (${(error as Error).name})`);
  }
}
