// A record that cannot go on is rejected with a reason, never silently dropped:
// the executor catches this, writes the record's key and the reason to
// rejects.jsonl, and carries on with the next record.

/** Thrown while evaluating one record when that record (not the run) is at fault. */
export class RecordRejected extends Error {
  override readonly name = 'RecordRejected';

  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Rejects the record unless `condition` holds. */
export function rejectUnless(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new RecordRejected(reason);
}
