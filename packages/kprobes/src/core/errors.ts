/** Why a probe could not be registered (or another kprobes call was refused). */
export type KprobeErrorCode =
  | 'unaligned'
  | 'unknown-symbol'
  | 'outside-symbol'
  | 'outside-text'
  | 'in-data'
  | 'blacklisted'
  | 'rejected'
  | 'already-registered'
  | 'not-registered'
  | 'exclusive-sequence'
  | 'wrong-state'
  | 'no-slot-space'
  | 'bad-option';

export class KprobeError extends Error {
  override readonly name = 'KprobeError';
  constructor(
    readonly code: KprobeErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export function hex(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}
