import { hex, PatchError } from './errors.js';

export type Isa = 'arm' | 'thumb';

/** The instruction width in bytes: ARM 4; Thumb 2 (16-bit) or 4 (32-bit, Thumb-2). */
export type InstructionWidth = 2 | 4;

/**
 * Why the text changes. The `kernel` strategy keys its policy off this tag; `auto` only uses it to
 * recognise breakpoint removal (`disarm`, `optimize`) when the encodings alone would not show it.
 */
export type PatchPurpose = 'arm' | 'disarm' | 'optimize' | 'unoptimize' | 'jump-label' | 'text';

/**
 * One instruction to replace. The old and new instructions are given either as values (`old`/`new`)
 * or as the bytes in memory order (`oldBytes`/`newBytes`, little-endian); if both are given they must
 * agree.
 *
 * Values: an ARM word as written (`0xe320f000`); a Thumb halfword (`0xbf00`); a 32-bit Thumb
 * instruction with its first halfword in the top half, as objdump prints it (`0xf7f0a018` for
 * `f7f0 a018`), which sits in memory as the halfwords f7f0, a018 in that order. 32-bit values may
 * be given signed (as JavaScript bit operations produce them); they are normalised to unsigned.
 */
export interface PatchRequest {
  readonly address: number;
  readonly isa: Isa;
  readonly width: InstructionWidth;
  readonly old?: number;
  readonly new?: number;
  readonly oldBytes?: ArrayLike<number>;
  readonly newBytes?: ArrayLike<number>;
  readonly purpose?: PatchPurpose;
  /**
   * No CPU can reach this address yet (e.g. a trampoline body before the branch into it is written):
   * it is written with plain stores and maintenance, without a rendezvous, before the plan's other writes.
   */
  readonly unreachable?: boolean;
}

/** A validated request with values normalised; plain data (serialisable). */
export interface PatchWrite {
  /** Position of the request in the list given to `plan`. */
  readonly index: number;
  readonly address: number;
  readonly isa: Isa;
  readonly width: InstructionWidth;
  readonly old: number;
  readonly new: number;
  readonly purpose: PatchPurpose | null;
  readonly unreachable: boolean;
}

const PURPOSES: readonly PatchPurpose[] = ['arm', 'disarm', 'optimize', 'unoptimize', 'jump-label', 'text'];

/** True for the first halfword of a 32-bit Thumb instruction (bits 15:11 = 0b11101, 0b11110, 0b11111). */
export function isThumb32Prefix(halfword: number): boolean {
  return halfword >>> 11 >= 0b11101;
}

/** The value of an instruction of `isa`/`width` from its bytes in memory order. */
export function valueFromBytes(bytes: ArrayLike<number>, isa: Isa, width: InstructionWidth): number {
  const b = (i: number): number => (bytes[i] ?? 0) & 0xff;
  if (width === 2) return b(0) | (b(1) << 8);
  if (isa === 'arm') return (b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24)) >>> 0;
  return (((b(0) | (b(1) << 8)) << 16) | b(2) | (b(3) << 8)) >>> 0;
}

/** The bytes in memory order of an instruction value of `isa`/`width` (inverse of `valueFromBytes`). */
export function bytesFromValue(value: number, isa: Isa, width: InstructionWidth): Uint8Array {
  if (width === 2) return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff);
  if (isa === 'arm') return Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
  return Uint8Array.of((value >>> 16) & 0xff, value >>> 24, value & 0xff, (value >>> 8) & 0xff);
}

function instructionValue(
  value: number | undefined,
  bytes: ArrayLike<number> | undefined,
  which: 'old' | 'new',
  isa: Isa,
  width: InstructionWidth,
  index: number,
  address: number,
): number {
  const details = { request: index, address };
  let fromBytes: number | undefined;
  if (bytes !== undefined) {
    if (bytes.length !== width) {
      throw new PatchError(
        'bad-length',
        `request ${index}: ${which}Bytes has ${bytes.length} bytes, width is ${width}`,
        details,
      );
    }
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (!Number.isInteger(byte) || (byte as number) < 0 || (byte as number) > 0xff) {
        throw new PatchError('invalid-request', `request ${index}: ${which}Bytes[${i}] is not a byte`, details);
      }
    }
    fromBytes = valueFromBytes(bytes, isa, width);
  }
  if (value !== undefined) {
    // 32-bit values may come signed from JavaScript bit operations (`0xe1a00000 | 1` is negative).
    const [low, high] = width === 2 ? [0, 0xffff] : [-0x80000000, 0xffffffff];
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new PatchError('bad-length', `request ${index}: ${which} ${value} does not fit ${width} bytes`, details);
    }
    value >>>= 0;
    if (fromBytes !== undefined && fromBytes !== value) {
      throw new PatchError(
        'invalid-request',
        `request ${index}: ${which} ${hex(value, width * 2)} and ${which}Bytes ${hex(fromBytes, width * 2)} disagree`,
        details,
      );
    }
    return value;
  }
  if (fromBytes === undefined) {
    throw new PatchError('invalid-request', `request ${index}: needs ${which} or ${which}Bytes`, details);
  }
  return fromBytes;
}

function checkThumbLength(value: number, width: InstructionWidth, which: string, index: number, address: number): void {
  const first = width === 2 ? value : value >>> 16;
  if (width === 2 && isThumb32Prefix(first)) {
    throw new PatchError(
      'bad-length',
      `request ${index}: ${which} ${hex(value, 4)} is the first halfword of a 32-bit Thumb instruction, width is 2`,
      { request: index, address },
    );
  }
  if (width === 4 && !isThumb32Prefix(first)) {
    throw new PatchError(
      'bad-length',
      `request ${index}: ${which} ${hex(value)} is not a 32-bit Thumb instruction (first halfword ${hex(first, 4)})`,
      { request: index, address },
    );
  }
}

/** Validates one request and normalises it into a `PatchWrite`. Throws `PatchError`. */
export function normalizeRequest(request: PatchRequest, index = 0): PatchWrite {
  const { address, isa, width } = request;
  if (!Number.isInteger(address) || address < 0 || address > 0xffffffff) {
    throw new PatchError('invalid-request', `request ${index}: address ${address} is not a 32-bit address`, {
      request: index,
    });
  }
  if (isa !== 'arm' && isa !== 'thumb') {
    throw new PatchError('invalid-request', `request ${index}: unknown isa ${String(isa)}`, {
      request: index,
      address,
    });
  }
  if (width !== 2 && width !== 4) {
    throw new PatchError('bad-length', `request ${index}: width ${String(width)} is neither 2 nor 4`, {
      request: index,
      address,
    });
  }
  if (isa === 'arm' && width !== 4) {
    throw new PatchError('bad-length', `request ${index}: ARM instructions are 4 bytes, width is ${width}`, {
      request: index,
      address,
    });
  }
  const alignment = isa === 'arm' ? 4 : 2;
  if (address % alignment !== 0) {
    throw new PatchError(
      'misaligned',
      `request ${index}: ${isa} instruction at ${hex(address)} is not ${alignment}-byte aligned`,
      {
        request: index,
        address,
      },
    );
  }
  if (address + width > 0x100000000) {
    throw new PatchError('invalid-request', `request ${index}: ${hex(address)} + ${width} wraps the address space`, {
      request: index,
      address,
    });
  }
  if (request.purpose !== undefined && !PURPOSES.includes(request.purpose)) {
    throw new PatchError('invalid-request', `request ${index}: unknown purpose ${String(request.purpose)}`, {
      request: index,
      address,
    });
  }
  const oldValue = instructionValue(request.old, request.oldBytes, 'old', isa, width, index, address);
  const newValue = instructionValue(request.new, request.newBytes, 'new', isa, width, index, address);
  if (isa === 'thumb') {
    checkThumbLength(oldValue, width, 'old', index, address);
    checkThumbLength(newValue, width, 'new', index, address);
  }
  return {
    index,
    address,
    isa,
    width,
    old: oldValue,
    new: newValue,
    purpose: request.purpose ?? null,
    unreachable: request.unreachable === true,
  };
}

/** Validates a list of requests: each one, then that no two write overlapping bytes. Throws `PatchError`. */
export function normalizeRequests(requests: readonly PatchRequest[]): PatchWrite[] {
  const writes = requests.map((r, i) => normalizeRequest(r, i));
  const sorted = [...writes].sort((a, b) => a.address - b.address);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.address < prev.address + prev.width) {
      throw new PatchError(
        'overlap',
        `requests ${prev.index} (${hex(prev.address)}, ${prev.width} bytes) and ${cur.index} (${hex(cur.address)}) overlap`,
        { request: cur.index, address: cur.address },
      );
    }
  }
  return writes;
}
