import { existsSync } from 'node:fs';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url({ message: 'must be a URL such as https://example.com' }).optional())
  .optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .default('file:data/parley.db')
    .refine((v) => /^(file:|postgres:\/\/|postgresql:\/\/)/.test(v), {
      message: 'must start with file: (SQLite) or postgres:// (PostgreSQL)',
    }),
  PUBLIC_URL: optionalUrl,
  /** Set when a reverse proxy sits in front, so client addresses (rate limits) come from X-Forwarded-For. */
  TRUST_PROXY: z.stringbool().default(false),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters)')
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  /**
   * Webhook deliveries Telegram may make at once (1-100; Telegram's own default is 40). Each is acknowledged
   * once its update is committed, and updates arriving together share a commit, so more deliveries at once
   * mean larger commits and more updates taken a second when Telegram has a backlog.
   */
  TELEGRAM_WEBHOOK_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(100),
  /**
   * Messages a second the bot sends over all chats. Telegram allows about 30; raise it only where Telegram
   * allows more (paid broadcasts, a self-hosted Bot API server in tests). Per-chat limits stay as they are.
   */
  TELEGRAM_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(30),
  /**
   * Messages a second the bot sends into one private chat, after a short burst. Telegram allows about one;
   * raise it only where Telegram does not apply (a fake Bot API in load tests).
   */
  TELEGRAM_MAX_MESSAGES_PER_CHAT_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(1),
  /** Chats one worker process answers at once; 32 when unset. */
  TELEGRAM_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).optional(),
  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: z.string().default('gemini-2.5-flash'),
  GEMINI_BASE_URL: optionalUrl,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: optionalString,
  /** Whether the OpenAI-compatible model reads images (gpt-4o, llava...): photos go to it, not the card reader. */
  OPENAI_ACCEPTS_IMAGES: z.stringbool().default(false),
  /**
   * Voice notes go to an OpenAI-compatible transcription endpoint (`<base>/audio/transcriptions`, e.g. a local
   * Whisper server) when TRANSCRIPTION_MODEL is set; the base defaults to OPENAI_BASE_URL. Without it, Gemini
   * transcribes when GEMINI_API_KEY is set. The key is sent to that address only.
   */
  TRANSCRIPTION_BASE_URL: optionalUrl,
  TRANSCRIPTION_MODEL: optionalString,
  TRANSCRIPTION_API_KEY: optionalString,
  /** How long a voice note may take to transcribe before the person is told to try again or type. */
  TRANSCRIPTION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  /** How long the assistant waits for a model before answering with the offline engine. */
  ASSISTANT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /**
   * Requests to the language model (not the offline engine, which costs nothing) allowed per person and per
   * organization in each UTC clock hour and UTC day; 0 leaves that limit off. Counted in the database, so all
   * processes share them. The defaults leave room for heavy use by a person and stop a runaway script.
   */
  ASSISTANT_USER_REQUESTS_PER_HOUR: z.coerce.number().int().min(0).default(60),
  ASSISTANT_USER_REQUESTS_PER_DAY: z.coerce.number().int().min(0).default(300),
  ASSISTANT_ORGANIZATION_REQUESTS_PER_HOUR: z.coerce.number().int().min(0).default(600),
  ASSISTANT_ORGANIZATION_REQUESTS_PER_DAY: z.coerce.number().int().min(0).default(3000),
  /** auto: demo data on first start with the embedded SQLite database only. */
  DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Wrong passwords in a row from one address before it is paused for that account (docs/security.md). */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** The first pause of an address, doubled by each further wrong password. */
  LOGIN_BACKOFF_SECONDS: z.coerce.number().int().min(1).default(60),
  /** The longest pause of an address. */
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Wrong passwords from all addresses and chats together that lock the account itself. */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(50),
  /** How long that account-wide lock lasts. */
  LOGIN_ACCOUNT_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(5),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).default(30),
  /**
   * Where email goes out: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset, invitations
   * and reset links are shown to copy instead. It holds a password: it is never logged or printed.
   */
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must be smtp://user:password@host:port or smtps://…')
      .optional(),
  ),
  /** The sender of Parley's emails, e.g. "Parley <crm@example.com>"; needed with SMTP_URL. */
  MAIL_FROM: optionalString,
});

/** Every setting's name, for docs and checks. */
export const SETTING_NAMES = Object.keys(schema.shape);

export type Config = z.output<typeof schema> & {
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Names that users of the system Parley replaces already have in their .env files. */
const ALIASES: Record<string, string> = {
  TG_BOT_TOKEN: 'TELEGRAM_BOT_TOKEN',
  TG_WEBHOOK_SECRET: 'TELEGRAM_WEBHOOK_SECRET',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [alias, name] of Object.entries(ALIASES)) {
    if (merged[name] === undefined && merged[alias] !== undefined) merged[name] = merged[alias];
  }
  const parsed = schema
    .refine((c) => !c.OPENAI_BASE_URL || c.OPENAI_MODEL, {
      message:
        'OPENAI_MODEL is required with OPENAI_BASE_URL (e.g. llama3.1 for Ollama, gpt-4o-mini for OpenAI)',
      path: ['OPENAI_MODEL'],
    })
    .refine((c) => !c.TRANSCRIPTION_MODEL || c.TRANSCRIPTION_BASE_URL || c.OPENAI_BASE_URL, {
      message:
        'TRANSCRIPTION_BASE_URL is required with TRANSCRIPTION_MODEL unless OPENAI_BASE_URL is set (e.g. http://localhost:8000/v1 for a local Whisper server)',
      path: ['TRANSCRIPTION_BASE_URL'],
    })
    .refine((c) => !c.TRANSCRIPTION_BASE_URL || c.TRANSCRIPTION_MODEL, {
      message:
        'TRANSCRIPTION_MODEL is required with TRANSCRIPTION_BASE_URL (e.g. whisper-1 for OpenAI, or the model your Whisper server loads)',
      path: ['TRANSCRIPTION_MODEL'],
    })
    .refine((c) => !c.SMTP_URL || c.MAIL_FROM, {
      message: 'MAIL_FROM is required with SMTP_URL (e.g. "Parley <crm@example.com>")',
      path: ['MAIL_FROM'],
    })
    .safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`));
  }
  const url = parsed.data.DATABASE_URL;
  const database = url.startsWith('file:')
    ? ({ kind: 'sqlite', file: url.slice('file:'.length) } as const)
    : ({ kind: 'postgres', url } as const);
  return { ...parsed.data, database };
}

/** The address people open the web app at, for links in emails and invitations. */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/** Reads ./.env when present; real environment variables win over it. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
