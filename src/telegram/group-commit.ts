/**
 * Gathers the calls made while earlier ones are being written and hands them to `run` together, so many
 * webhook updates share one INSERT and one commit. At most `maxInFlight` batches are written at a time: the
 * calls arriving meanwhile wait and go together in the next, which is what makes batches grow with the load
 * (many small concurrent INSERTs cost a database far more than a few large ones). Every caller still waits
 * for its own item to be written, so an update is acknowledged only once it is stored.
 */
export function groupCommit<I, O>(
  run: (items: I[]) => Promise<O[]>,
  opts: { maxBatch?: number; maxInFlight?: number } = {},
): (item: I) => Promise<O> {
  const maxBatch = opts.maxBatch ?? 500;
  const maxInFlight = opts.maxInFlight ?? 1;
  let waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  let inFlight = 0;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    inFlight += 1;
    if (waiting.length > 0) schedule();
    try {
      const results = await run(batch.map((w) => w.item));
      for (const [i, w] of batch.entries()) w.resolve(results[i]!);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      inFlight -= 1;
      if (waiting.length > 0) schedule();
    }
  }

  function schedule(): void {
    if (scheduled || inFlight >= maxInFlight) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      schedule();
    });
}
