// Runs an async function over a stream with at most `concurrency` calls in
// flight and yields the results in input order, so output never depends on
// timing. The buffer is bounded: a slow consumer stops the producer.

export async function* orderedMap<I, O>(
  input: AsyncIterable<I>,
  concurrency: number,
  fn: (item: I) => Promise<O> | O,
): AsyncGenerator<O> {
  const limit = Math.max(1, concurrency);
  const pending: Promise<O>[] = [];
  const iterator = input[Symbol.asyncIterator]();
  let done = false;
  try {
    while (true) {
      while (!done && pending.length < limit) {
        const next = await iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        const promise = Promise.resolve().then(() => fn(next.value));
        // Avoid unhandled-rejection warnings for results awaited later.
        promise.catch(() => undefined);
        pending.push(promise);
      }
      if (pending.length === 0) return;
      yield await pending.shift()!;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
