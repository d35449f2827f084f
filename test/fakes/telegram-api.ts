import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';

/**
 * A local stand-in for the Telegram Bot API. It speaks the real HTTP protocol at
 * `/bot<token>/<method>`, so the real grammY client runs against it. Every call is recorded; failures (429
 * with retry_after, 5xx, a chat that blocked the bot) can be injected; getUpdates serves a queue of updates
 * with Telegram's offset semantics and holds the call open while there is nothing to give.
 */

export const TEST_TOKEN = '123456789:TEST-token_for-parley';
export const TEST_BOT: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: 'Parley',
  username: 'parley_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface FakeCall {
  method: string;
  payload: Record<string, unknown>;
  token: string;
  /** Whether the fake answered with success (injected failures and refusals are recorded too). */
  ok: boolean;
  /** What the fake answered with, on success (a sent message with its message_id, say). */
  result?: unknown;
}

type Failure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { status: 400 | 401 | 403; description: string };

interface FakeMessage {
  message_id: number;
  chat_id: number;
  /** What the person sees (HTML parsed, as Telegram hands it back in updates). */
  text: string;
  /** What the bot sent. */
  html: string;
  reply_markup?: unknown;
  deleted: boolean;
}

/** A file the fake serves: getFile describes it, `/file/bot<token>/<path>` serves its bytes. */
interface FakeFile {
  bytes: Uint8Array;
  path: string;
  /** What getFile reports; the real size unless a test makes Telegram say otherwise. */
  size?: number;
  /** Telegram's answer for a file over its 20 MB download limit: getFile refuses it. */
  tooBig?: boolean;
  /** Sent without a Content-Length, as a stream, so only counting the bytes finds the size. */
  chunked?: boolean;
  /** getFile describes it but the download answers 500, as a file server having trouble would. */
  failing?: boolean;
}

export class FakeTelegram {
  readonly calls: FakeCall[] = [];
  /** Messages the bot has in each chat, as edited and deleted. */
  readonly messages = new Map<number, FakeMessage>();
  webhook: {
    url: string;
    secret_token?: string;
    allowed_updates?: string[];
    max_connections?: number;
  } | null = null;
  /** What getWebhookInfo reports as Telegram's last failed delivery. */
  webhookError: { date: number; message: string } | null = null;
  commands: unknown[] = [];
  /** Told of every call as it is answered, e.g. to time replies in a benchmark. */
  onCall: ((call: FakeCall) => void) | null = null;
  /** File downloads, in order: the token and path asked for (to check nothing was fetched, or with what). */
  readonly downloads: { token: string; path: string }[] = [];
  private readonly files = new Map<string, FakeFile>();
  private nextFileId = 1;
  private readonly failures: { method: string; failure: Failure }[] = [];
  private readonly blocked = new Set<number>();
  private readonly queue: Update[] = [];
  private waiters: (() => void)[] = [];
  private nextMessageId = 1000;
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<FakeTelegram> {
    let fake: FakeTelegram | undefined;
    const server = createServer((req, res) => {
      void fake!.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTelegram(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` calls of `method` fail this way (in order of injection). */
  failNext(method: string, failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ method, failure });
  }

  blockChat(chatId: number): void {
    this.blocked.add(chatId);
  }

  pushUpdate(update: Update): void {
    this.queue.push(update);
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** Stores a file as if a person had sent it; returns its file_id for an update. */
  putFile(
    bytes: Uint8Array,
    opts: { path?: string; size?: number; tooBig?: boolean; chunked?: boolean; failing?: boolean } = {},
  ): string {
    const fileId = `file-${this.nextFileId++}`;
    this.files.set(fileId, {
      bytes,
      path: opts.path ?? `documents/${fileId}`,
      ...(opts.size === undefined ? {} : { size: opts.size }),
      ...(opts.tooBig ? { tooBig: true } : {}),
      ...(opts.chunked ? { chunked: true } : {}),
      ...(opts.failing ? { failing: true } : {}),
    });
    return fileId;
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Texts the bot got through to a chat, in order. */
  sentTo(chatId: number): string[] {
    return this.callsOf('sendMessage')
      .filter((c) => c.ok && Number(c.payload.chat_id) === chatId)
      .map((c) => String(c.payload.text));
  }

  lastSentTo(chatId: number): FakeCall | undefined {
    return this.callsOf('sendMessage')
      .filter((c) => c.ok && Number(c.payload.chat_id) === chatId)
      .at(-1);
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** `GET /file/bot<token>/<file_path>`, as the Bot API serves downloads. */
  private serveFile(token: string, path: string, res: ServerResponse): void {
    this.downloads.push({ token, path });
    const file = [...this.files.values()].find((f) => f.path === path);
    if (!file || token !== TEST_TOKEN || file.failing) {
      const status = file?.failing ? 500 : 404;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: status, description: 'Not Found' }));
      return;
    }
    if (file.chunked) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let at = 0; at < file.bytes.byteLength; at += 64 * 1024)
        res.write(file.bytes.subarray(at, at + 64 * 1024));
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(file.bytes.byteLength),
    });
    res.end(file.bytes);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname);
    if (download) return this.serveFile(download[1]!, download[2]!, res);
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, body: unknown) => {
      if (res.writableEnded) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m as unknown as [string, string, string];
    let payload: Record<string, unknown> = {};
    try {
      payload = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    const call: FakeCall = { method, payload, token, ok: false };
    this.calls.push(call);

    const at = this.failures.findIndex((f) => f.method === method);
    if (at !== -1) {
      const { failure } = this.failures.splice(at, 1)[0]!;
      if (failure.status === 429) {
        return reply(429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${failure.retryAfter}`,
          parameters: { retry_after: failure.retryAfter },
        });
      }
      if ('description' in failure) {
        return reply(failure.status, {
          ok: false,
          error_code: failure.status,
          description: failure.description,
        });
      }
      return reply(failure.status, {
        ok: false,
        error_code: failure.status,
        description: 'Internal Server Error',
      });
    }

    const chatId = Number(payload.chat_id);
    if (this.blocked.has(chatId) && ['sendMessage', 'editMessageText', 'sendChatAction'].includes(method)) {
      return reply(403, {
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
    }
    if (method === 'getFile') {
      const file = this.files.get(String(payload.file_id));
      if (!file || file.tooBig) {
        const description = file ? 'Bad Request: file is too big' : 'Bad Request: invalid file_id';
        return reply(400, { ok: false, error_code: 400, description });
      }
    }
    const result = await this.answer(method, payload);
    if (result === undefined) {
      return reply(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
    call.ok = true;
    call.result = result;
    this.onCall?.(call);
    reply(200, { ok: true, result });
  }

  private message(m: FakeMessage) {
    return {
      message_id: m.message_id,
      date: Math.floor(Date.now() / 1000),
      chat:
        m.chat_id > 0
          ? { id: m.chat_id, type: 'private', first_name: 'Test' }
          : { id: m.chat_id, type: 'group', title: 'Group' },
      from: { id: TEST_BOT.id, is_bot: true, first_name: TEST_BOT.first_name, username: TEST_BOT.username },
      text: m.text,
      ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
    };
  }

  private async answer(method: string, p: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return TEST_BOT;
      case 'sendMessage': {
        const m: FakeMessage = {
          message_id: this.nextMessageId++,
          chat_id: Number(p.chat_id),
          text: shown(p),
          html: String(p.text),
          reply_markup: p.reply_markup,
          deleted: false,
        };
        this.messages.set(m.message_id, m);
        return this.message(m);
      }
      case 'editMessageText': {
        const m = this.messages.get(Number(p.message_id));
        if (!m)
          return {
            message_id: Number(p.message_id),
            date: 0,
            chat: { id: Number(p.chat_id), type: 'private' },
            text: String(p.text),
          };
        m.text = shown(p);
        m.html = String(p.text);
        m.reply_markup = p.reply_markup;
        return this.message(m);
      }
      case 'editMessageReplyMarkup': {
        const m = this.messages.get(Number(p.message_id));
        if (m) m.reply_markup = p.reply_markup;
        return m ? this.message(m) : true;
      }
      case 'deleteMessage':
      case 'answerCallbackQuery':
      case 'sendChatAction':
        return true;
      case 'setMyCommands':
        this.commands = (p.commands as unknown[]) ?? [];
        return true;
      case 'setWebhook':
        this.webhook = {
          url: String(p.url),
          ...(typeof p.secret_token === 'string' ? { secret_token: p.secret_token } : {}),
          ...(Array.isArray(p.allowed_updates) ? { allowed_updates: p.allowed_updates as string[] } : {}),
          ...(typeof p.max_connections === 'number' ? { max_connections: p.max_connections } : {}),
        };
        if (p.drop_pending_updates) this.queue.length = 0;
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        if (p.drop_pending_updates) this.queue.length = 0;
        return true;
      case 'getWebhookInfo':
        return {
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.queue.length,
          ...(this.webhook?.allowed_updates ? { allowed_updates: this.webhook.allowed_updates } : {}),
          ...(this.webhook?.max_connections ? { max_connections: this.webhook.max_connections } : {}),
          ...(this.webhookError
            ? { last_error_date: this.webhookError.date, last_error_message: this.webhookError.message }
            : {}),
        };
      case 'getUpdates':
        return this.updates(p);
      case 'getFile': {
        const file = this.files.get(String(p.file_id))!;
        return {
          file_id: String(p.file_id),
          file_unique_id: `u-${String(p.file_id)}`,
          file_size: file.size ?? file.bytes.byteLength,
          file_path: file.path,
        };
      }
      default:
        return undefined;
    }
  }

  /** Offset confirms everything before it, as Telegram does; an empty queue holds the call a little. */
  private async updates(p: Record<string, unknown>): Promise<Update[]> {
    const offset = typeof p.offset === 'number' ? p.offset : 0;
    const drop = () => {
      while (this.queue.length > 0 && this.queue[0]!.update_id < offset) this.queue.shift();
    };
    drop();
    if (this.queue.length === 0 && !this.closed) {
      const seconds = Math.min(Number(p.timeout ?? 0), 1);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      drop();
    }
    return this.queue.slice(0, Number(p.limit ?? 100));
  }
}

/** The text Telegram shows for a message sent with parse_mode HTML: tags gone, entities decoded. */
function shown(p: Record<string, unknown>): string {
  const text = String(p.text);
  if (p.parse_mode !== 'HTML') return text;
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

// The updates tests deliver (text, buttons, photos, voice notes, documents) live in their own file.
export * from './telegram-updates.ts';
