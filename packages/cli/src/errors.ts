/** A command-line mistake: printed as `armprobe: <message>` with exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
