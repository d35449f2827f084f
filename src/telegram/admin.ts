import { Api } from 'grammy';
import type { WebhookInfo } from 'grammy/types';
import type { Config } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { webhookOptions, webhookUrlFor } from './webhook.ts';

/** The operator's side of the bot (`parley telegram ...`): each call returns the lines to print. */

type AdminConfig = Pick<
  Config,
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_WEBHOOK_SECRET'
  | 'TELEGRAM_API_ROOT'
  | 'TELEGRAM_WEBHOOK_MAX_CONNECTIONS'
  | 'PUBLIC_URL'
>;

function apiFor(config: AdminConfig): Api {
  if (!config.TELEGRAM_BOT_TOKEN)
    throw new DomainError(
      'validation_failed',
      'Set TELEGRAM_BOT_TOKEN (the token BotFather gave you) first.',
    );
  return new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });
}

function when(unixSeconds: number): string {
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

export function describeWebhook(info: WebhookInfo): string[] {
  if (!info.url) {
    return [
      'Webhook: none (the bot is reached by long polling).',
      `Updates waiting at Telegram: ${info.pending_update_count}`,
    ];
  }
  const lines = [
    `Webhook: ${info.url}`,
    `Updates waiting at Telegram: ${info.pending_update_count}`,
    `Updates asked for: ${info.allowed_updates?.join(', ') ?? 'all but chat_member and a few others (default)'}`,
  ];
  if (info.max_connections) lines.push(`Parallel connections: up to ${info.max_connections}`);
  if (info.ip_address) lines.push(`Telegram resolves the host to: ${info.ip_address}`);
  if (info.last_error_date)
    lines.push(`Last delivery error: ${when(info.last_error_date)}: ${info.last_error_message ?? 'unknown'}`);
  else lines.push('Last delivery error: none');
  if (info.last_synchronization_error_date)
    lines.push(`Last Telegram-side sync error: ${when(info.last_synchronization_error_date)}`);
  return lines;
}

export async function setWebhook(
  config: AdminConfig,
  opts: { url?: string; dropPendingUpdates?: boolean },
): Promise<string[]> {
  const base = opts.url ?? config.PUBLIC_URL;
  if (!base)
    throw new DomainError(
      'validation_failed',
      'Give --url https://your.host or set PUBLIC_URL to the HTTPS address.',
    );
  const url = opts.url && /\/telegram\/webhook$/.test(opts.url) ? opts.url : webhookUrlFor(base);
  if (!url.startsWith('https://'))
    throw new DomainError('validation_failed', `Telegram only calls HTTPS webhooks; ${url} is not one.`);
  const api = apiFor(config);
  await api.setWebhook(url, {
    ...webhookOptions(config),
    drop_pending_updates: opts.dropPendingUpdates ?? false,
  });
  return [`Webhook set to ${url}, with the secret token.`, ...describeWebhook(await api.getWebhookInfo())];
}

export async function webhookInfo(config: AdminConfig): Promise<string[]> {
  return describeWebhook(await apiFor(config).getWebhookInfo());
}

export async function deleteWebhook(
  config: AdminConfig,
  opts: { dropPendingUpdates?: boolean },
): Promise<string[]> {
  await apiFor(config).deleteWebhook({ drop_pending_updates: opts.dropPendingUpdates ?? false });
  return [
    opts.dropPendingUpdates
      ? 'Webhook removed and waiting updates dropped.'
      : 'Webhook removed; waiting updates stay at Telegram for long polling.',
  ];
}

export async function botIdentity(config: AdminConfig): Promise<string[]> {
  const me = await apiFor(config).getMe();
  return [
    `@${me.username} (${me.first_name}), id ${me.id}`,
    `Link: https://t.me/${me.username}`,
    `Can join groups: ${me.can_join_groups ? 'yes' : 'no'}; reads all group messages: ${
      me.can_read_all_group_messages ? 'yes (privacy mode off)' : 'no (privacy mode on)'
    }`,
  ];
}
