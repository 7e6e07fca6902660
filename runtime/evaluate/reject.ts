// A record that cannot go on is rejected with a reason, never silently dropped:
// the executor catches this, writes the record's key and the reason to
// rejects.jsonl, and carries on with the next record.

/** Thrown while evaluating one record when that record (not the run) is at fault. */
export class RecordRejected extends Error {
  override readonly name = 'RecordRejected';

  /**
   * `transient`: the cause may pass on its own (a model server that kept failing with 429 or 5xx
   * through every retry), so a later run tries the record again instead of reusing the rejection.
   */
  constructor(readonly reason: string, readonly transient = false) {
    super(reason);
  }
}

/** Rejects the record unless `condition` holds. */
export function rejectUnless(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new RecordRejected(reason);
}
