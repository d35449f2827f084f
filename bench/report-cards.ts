import type { Result, Row } from './report.ts';

/** The table's rows for business card photos: card → proposal, the OCR worker's memory, the webhook meanwhile. */

const ms = (n: number) => `${Math.round(n * 10) / 10} ms`;

export function cardOcrRows(r: Result): Row[] {
  const grown = (r.rssWarmMiB as number) - (r.rssBeforeMiB as number);
  return [
    {
      measure: 'business card photo → proposed lead, p50 (offline OCR, in process)',
      database: 'sqlite',
      target: 'measured',
      result:
        `${ms(r.p50Ms as number)} (p95 ${ms(r.p95Ms as number)}; the first card, starting the OCR worker, ` +
        `${ms(r.firstCardMs as number)})`,
      vsFloor: '',
      pass: true,
      date: r.date,
    },
    {
      measure: "OCR worker's memory (RSS of the process with it warm, against before it started)",
      database: 'sqlite',
      target: 'measured',
      result: `+${grown} MiB (${r.rssBeforeMiB} → ${r.rssWarmMiB} MiB; ${r.rssAfterStopMiB} MiB after it stops)`,
      vsFloor: '',
      pass: true,
      date: r.date,
    },
  ];
}

export function cardWebhookRows(r: Result): Row[] {
  type Latency = { p50: number; p99: number; rps: number };
  const idle = r.idle as Latency;
  const busy = r.readingCards as Latency;
  const cards = r.cards as { proposedInWindow: number; p50Ms: number };
  const memory = r.memory as { rssIdleMiB: number; rssReadingMaxMiB: number };
  return [
    {
      measure: `webhook acknowledgement p99 at ${r.rate} text updates/s while the worker reads card photos (serve)`,
      database: r.database as string,
      target: '≤ 2× idle p99 + 5 ms',
      result:
        `${ms(busy.p99)} (p50 ${ms(busy.p50)}) against ${ms(idle.p99)} idle (p50 ${ms(idle.p50)}); ` +
        `${cards.proposedInWindow} cards read meanwhile, each ${ms(cards.p50Ms)} p50 POST to proposal; ` +
        `server RSS ${memory.rssIdleMiB} → ${memory.rssReadingMaxMiB} MiB`,
      vsFloor: `${(r.p99Ratio as number).toFixed(2)}× idle`,
      pass: (r.failures as string[]).length === 0,
      date: r.date,
    },
  ];
}

export const CARD_METHODS: Record<string, string> = {
  'card-ocr':
    'Two cards made in Chromium (a clean PNG, a tilted low-contrast JPEG), 12 alternating through ' +
    '`assistant.send` offline on SQLite in the benchmark process (header check, tesseract.js OCR, fields, ' +
    'duplicate search, stored proposal); RSS of that process before the OCR worker starts, warm, and stopped.',
  'card-webhook':
    '`parley serve` (webhook and worker, SQLite, demo install) takes text updates at a steady 200/s for 10 s ' +
    'after 8 s of warm-up, each timed from when its POST was due to the acknowledgement, over as many ' +
    'connections as Parley asks Telegram for: first with no photo about, then while card photos (the two ' +
    'card-ocr images as JPEG, from 40 signed-in chats in turn, served by the fake Bot API through getFile) ' +
    'are posted one after another, each as soon as the previous was proposed. A miss when the p99 while ' +
    'cards are read is above 2× the idle p99 plus 5 ms.',
};
