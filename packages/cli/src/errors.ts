/** A command-line mistake: printed as `armprobe: <message>`, then the usage text, with exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A command that cannot do what was asked — a file it cannot read or handle, an argument naming something
 * the program does not have or that cannot be probed: printed as `armprobe: <message>` alone (no usage
 * text), with `status` as the exit status (2 for a bad argument, 1 for input the command cannot handle).
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * What the CLI prints for an error no command turned into its own (a bug, or a core package's typed error
 * that reached the top): `armprobe: internal error: <type>: <message>`, without a stack trace unless
 * `debug` (the ARMPROBE_DEBUG environment variable) asks for one.
 */
export function internalErrorMessage(error: unknown, debug: boolean): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = debug && error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
  return `armprobe: internal error: ${text}${stack}\n`;
}
