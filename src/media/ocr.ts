import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker } from 'tesseract.js';
import { DomainError } from '../domain/errors.ts';

/**
 * Offline text recognition with tesseract.js and the English data shipped on npm, so nothing is downloaded at
 * run time. One worker per process, started on first use (about a second) and stopped after a quiet minute;
 * images are read one at a time, each within a time limit.
 */

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0 to 100. */
  confidence: number;
}

export interface OcrOptions {
  /** The worker stops after this long without an image, freeing its ~170 MB. */
  idleMs: number;
  /** An image taking longer is given up on (the worker is restarted for the next one). */
  timeoutMs: number;
  /** Images waiting per owner (a chat, a person); more are refused rather than queued for minutes. */
  perOwner: number;
  /** Images waiting in all. */
  total: number;
}

const DEFAULTS: OcrOptions = { idleMs: 60_000, timeoutMs: 20_000, perOwner: 3, total: 24 };

/** The LSTM-only "best_int" data: smaller and faster than the package's default legacy folder. */
function languageFolder(): string {
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
  // tesseract.js throws a wrong path from inside its worker, where nothing can catch it.
  if (!existsSync(join(folder, 'eng.traineddata.gz'))) {
    throw new Error(`OCR language data missing at ${folder}; reinstall @tesseract.js-data/eng`);
  }
  return folder;
}

/** The process's threads, by id (Linux); empty where /proc is not there. */
function threadIds(): Set<string> {
  try {
    return new Set(readdirSync('/proc/self/task'));
  } catch {
    return new Set();
  }
}

/**
 * Reading a card keeps a core busy for about a second; at the lowest priority the OCR thread yields to the
 * HTTP routes and the bot in the same process, so the webhook answers at its usual speed. Linux keeps a nice
 * value per thread, so only the thread tesseract.js started is lowered. Elsewhere this does nothing.
 */
function lowerPriority(threads: string[]): void {
  // More than the one thread tesseract.js starts means something else started at the same moment: leave all.
  if (threads.length !== 1) return;
  try {
    setPriority(Number(threads[0]), 19);
  } catch {
    // Not permitted or not Linux: OCR simply runs at the normal priority.
  }
}

async function startWorker(): Promise<Worker> {
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  const before = threadIds();
  const worker = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: languageFolder(),
    gzip: true,
    // Otherwise the data is cached as eng.traineddata in the working directory and preferred later.
    cacheMethod: 'none',
    // A failed job also rejects its own promise; without a handler tesseract.js rethrows it uncaught.
    errorHandler: () => {},
  });
  lowerPriority([...threadIds()].filter((id) => !before.has(id)));
  // Tesseract's own progress notes ("Estimating resolution as 230") would go to the server's stderr.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
  return worker;
}

const busy = () =>
  new DomainError('rate_limited', 'I am still reading your earlier photos. Send this one again in a minute.');
const tooSlow = () =>
  new DomainError('validation_failed', 'Reading that photo took too long. Try a sharper, closer photo.');

export function ocrReader(options: Partial<OcrOptions> = {}) {
  const opts = { ...DEFAULTS, ...options };
  let worker: Promise<Worker> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  const waiting = new Map<string, number>();
  let queued = 0;

  const stop = async () => {
    if (idle) clearTimeout(idle);
    idle = null;
    const running = worker;
    worker = null;
    if (running) await (await running.catch(() => null))?.terminate();
  };

  const stopWhenIdle = () => {
    if (!worker) return;
    idle = setTimeout(() => void stop(), opts.idleMs);
    idle.unref();
  };

  /** Reads one image once the ones before it are done. */
  async function recognize(image: Uint8Array): Promise<OcrResult> {
    if (idle) clearTimeout(idle);
    worker ??= startWorker();
    const started = worker;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(tooSlow()), opts.timeoutMs);
    });
    try {
      const reading = started.then((w) => w.recognize(Buffer.from(image), { rotateAuto: true }));
      const { data } = await Promise.race([reading, limit]);
      return { text: data.text, confidence: data.confidence };
    } catch (error) {
      // A stuck or failed worker is replaced: the next image starts a fresh one.
      if (worker === started) await stop();
      if (error instanceof DomainError) throw error;
      throw new DomainError('validation_failed', 'I could not read that photo. Try another one.');
    } finally {
      clearTimeout(timer);
      stopWhenIdle();
    }
  }

  return {
    /** The text in an image; `owner` bounds how many images one chat or person may have waiting. */
    read(image: Uint8Array, owner = ''): Promise<OcrResult> {
      const mine = waiting.get(owner) ?? 0;
      if (mine >= opts.perOwner || queued >= opts.total) return Promise.reject(busy());
      waiting.set(owner, mine + 1);
      queued++;
      const turn = tail.then(() => recognize(image));
      tail = turn.catch(() => {});
      return turn.finally(() => {
        queued--;
        const left = (waiting.get(owner) ?? 1) - 1;
        if (left > 0) waiting.set(owner, left);
        else waiting.delete(owner);
      });
    },
    /** Whether a worker is running (or starting). */
    get running() {
      return worker !== null;
    },
    /** Stops the worker now; the next image starts another. Call on shutdown: a live worker keeps Node running. */
    stop,
  };
}

export type OcrReader = ReturnType<typeof ocrReader>;

/** The process's one reader. */
export const ocr = ocrReader();
