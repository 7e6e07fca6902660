// Runs a function over a stream with at most `concurrency` calls in flight and
// yields the results in input order, so output never depends on timing. The
// buffer is bounded: a slow consumer stops the producer. A call that returns a
// plain value (most operators are synchronous) costs no promise of its own.

type Slot<O> = { readonly value: O } | { readonly promise: Promise<O> };

export async function* orderedMap<I, O>(
  input: AsyncIterable<I>,
  concurrency: number,
  fn: (item: I) => Promise<O> | O,
): AsyncGenerator<O> {
  const limit = Math.max(1, concurrency);
  const pending: Slot<O>[] = [];
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
        pending.push(call(fn, next.value));
      }
      const slot = pending.shift();
      if (slot === undefined) return;
      yield 'value' in slot ? slot.value : await slot.promise;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}

/** Calls `fn` now; a throw becomes a rejection in the item's place, surfacing when the item's turn comes. */
function call<I, O>(fn: (item: I) => Promise<O> | O, item: I): Slot<O> {
  let result: Promise<O> | O;
  try {
    result = fn(item);
  } catch (error) {
    result = Promise.reject(error);
  }
  if (!isThenable(result)) return { value: result };
  const promise = Promise.resolve(result);
  // Avoid unhandled-rejection warnings for results awaited later.
  promise.catch(() => undefined);
  return { promise };
}

function isThenable<O>(value: Promise<O> | O): value is Promise<O> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
