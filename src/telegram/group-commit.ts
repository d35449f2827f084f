/**
 * Gathers the calls made while an earlier batch is being written and hands them to `run` together, so many
 * webhook updates share one INSERT and one commit. One batch is written at a time: the calls arriving
 * meanwhile wait and go together in the next, which is what makes batches grow with the load (many small
 * concurrent INSERTs cost a database far more than a few large ones). Every caller still waits for its own
 * item to be written, so an update is acknowledged only once it is stored.
 *
 * When a batch is written, the next one is started before the finished one's callers hear back: the
 * database then works on the next batch while their answers go out, instead of waiting for them.
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
    let outcome: { results: O[] } | { error: unknown };
    try {
      outcome = { results: await run(batch.map((w) => w.item)) };
    } catch (error) {
      outcome = { error };
    }
    writing = false;
    if (waiting.length > 0) void flush();
    if ('results' in outcome) for (const [i, w] of batch.entries()) w.resolve(outcome.results[i]!);
    else for (const w of batch) w.reject(outcome.error);
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
