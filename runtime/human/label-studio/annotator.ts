// Who answered a Label Studio task: `completed_by` is a user id, or a user object in newer exports.

/** The person: their email when the export has it, else `ls-user-<id>`; null when the export names no one. */
export function annotatorOf(completedBy: unknown): string | null {
  if (typeof completedBy === 'number' || typeof completedBy === 'string') return `ls-user-${completedBy}`;
  if (typeof completedBy === 'object' && completedBy !== null) {
    const { email, id } = completedBy as { email?: unknown; id?: unknown };
    if (typeof email === 'string' && email !== '') return email;
    if (id !== undefined) return `ls-user-${String(id)}`;
  }
  return null;
}
