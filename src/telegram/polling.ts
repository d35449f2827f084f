import type { Api } from 'grammy';
import { ALLOWED_UPDATES } from './help.ts';

/**
 * Long polling, for servers without a public HTTPS address. Updates go into the same inbox as webhook
 * updates, and Telegram is told they arrived (by asking with a higher offset) only after they are stored, so
 * a crash between the two makes Telegram send them again, which the inbox ignores. An update that `store`
 * skips (not the shape of one) is confirmed all the same: asking again would only bring it back.
 */
export async function pollUpdates(opts: {
  api: Api;
  /** Stores one update as it came, or logs and skips it; throws only when storing failed. */
  store: (update: unknown) => Promise<unknown>;
  signal: AbortSignal;
  /** Seconds Telegram holds a getUpdates call open when there is nothing new. */
  timeoutSeconds?: number;
  onError: (error: unknown) => void;
  onStored: () => void;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}): Promise<void> {
  const { api, store, signal } = opts;
  let offset: number | undefined;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const updates = await api.getUpdates(
        {
          ...(offset === undefined ? {} : { offset }),
          timeout: opts.timeoutSeconds ?? 25,
          allowed_updates: [...ALLOWED_UPDATES],
        },
        // grammY types its signal with an older AbortSignal declaration; at run time it is Node's own.
        signal as unknown as Parameters<Api['getUpdates']>[1],
      );
      for (const update of updates) await store(update);
      const last = updates.at(-1);
      if (last && Number.isSafeInteger(last.update_id)) {
        offset = last.update_id + 1;
        opts.onStored();
      }
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      opts.onError(error);
      failures += 1;
      await opts.sleep(Math.min(30_000, 1000 * 2 ** (failures - 1)), signal).catch(() => {});
    }
  }
}
