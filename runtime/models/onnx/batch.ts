// Micro-batching: calls that arrive while the event loop turns are run as one
// batch. onnxruntime-node runs a session on the main thread, so concurrent
// calls would otherwise run one after another anyway; a batch amortises the
// per-run overhead and lets the model's kernels work on more rows at once.

export interface Batcher<In, Out> {
  submit(item: In): Promise<Out>;
  /** Batches run so far. */
  readonly batches: number;
}

/** Runs submitted items in batches of at most `maxBatch`; `runBatch` returns one result per item, in order. */
export function createBatcher<In, Out>(runBatch: (items: readonly In[]) => Promise<readonly Out[]>, maxBatch: number): Batcher<In, Out> {
  const queue: { item: In; done: (out: Out) => void; fail: (error: unknown) => void }[] = [];
  let scheduled = false;
  let batches = 0;

  const flush = () => {
    scheduled = false;
    const batch = queue.splice(0, maxBatch);
    if (queue.length > 0) schedule();
    batches++;
    runBatch(batch.map((entry) => entry.item)).then(
      (results) => {
        if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} gave ${results.length} results`);
        batch.forEach((entry, i) => entry.done(results[i]));
      },
    ).catch((error: unknown) => batch.forEach((entry) => entry.fail(error)));
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    submit(item) {
      return new Promise<Out>((done, fail) => {
        queue.push({ item, done, fail });
        schedule();
      });
    },
    get batches() {
      return batches;
    },
  };
}
