/**
 * Gathers the calls made while an earlier batch is being written and hands them to `run` together, so many
 * webhook updates share one INSERT and one commit. One batch is written at a time: the calls arriving
 * meanwhile wait and go together in the next, which is what makes batches grow with the load (many small
 * concurrent INSERTs cost a database far more than a few large ones). Every caller still waits for its own
 * item to be written, so an update is acknowledged only once it is stored.
 */
export function groupCommit<I, O>(
  run: (items: I[]) => Promise<O[]>,
  maxBatch = 500,
): (item: I) => Promise<O> {
  let waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  let writing = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    writing = true;
    try {
      const results = await run(batch.map((w) => w.item));
      for (const [i, w] of batch.entries()) w.resolve(results[i]!);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      writing = false;
      if (waiting.length > 0) schedule();
    }
  }

  function schedule(): void {
    if (scheduled || writing) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      schedule();
    });
}
