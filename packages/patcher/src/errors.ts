/** What went wrong with a patch request, plan or execution. */
export type PatchErrorCode =
  /** Not a patch request at all: unknown isa, address outside 32 bits, missing or contradictory old/new. */
  | 'invalid-request'
  /** The address is not aligned for the instruction set and width (ARM: 4; Thumb: 2). */
  | 'misaligned'
  /** A width or byte count that does not fit the instruction (e.g. 3 bytes, a Thumb32 prefix as 16-bit). */
  | 'bad-length'
  /** Two requests of one plan write overlapping bytes. */
  | 'overlap'
  /** At execution time memory does not hold the request's old instruction. */
  | 'old-mismatch'
  /** The plan does not fit the platform (made for one CPU, run on several), or the platform broke the stopMachine contract. */
  | 'plan-mismatch';

export interface PatchErrorDetails {
  readonly address?: number;
  readonly expected?: number;
  readonly found?: number;
  /** Index of the offending request in the list given to `plan`. */
  readonly request?: number;
}

/** The patcher's only exception type; `code` says which rule was broken. */
export class PatchError extends Error {
  override readonly name = 'PatchError';
  readonly code: PatchErrorCode;
  readonly address: number | undefined;
  readonly expected: number | undefined;
  readonly found: number | undefined;
  readonly request: number | undefined;

  constructor(code: PatchErrorCode, message: string, details: PatchErrorDetails = {}) {
    super(message);
    this.code = code;
    this.address = details.address;
    this.expected = details.expected;
    this.found = details.found;
    this.request = details.request;
  }
}

export function hex(value: number, digits = 8): string {
  return `0x${(value >>> 0).toString(16).padStart(digits, '0')}`;
}
