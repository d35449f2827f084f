/**
 * Gathers the calls made while the event loop is busy and hands them to `run` together, so many webhook
 * updates share one INSERT and one commit. Every caller still waits for its own item to be written, so an
 * update is acknowledged only once it is stored.
 */
export function groupCommit<I, O>(
  run: (items: I[]) => Promise<O[]>,
  maxBatch = 500,
): (item: I) => Promise<O> {
  let waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    if (waiting.length > 0) schedule();
    try {
      const results = await run(batch.map((w) => w.item));
      for (const [i, w] of batch.entries()) w.resolve(results[i]!);
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      schedule();
    });
}
