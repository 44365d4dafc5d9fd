/** Guest-memory access for syscalls: permission-checked (a bad pointer throws MemoryFault → -EFAULT). */
import type { PhysicalMemory } from '../memory/memory.js';

export class LinuxGuestMemory {
  constructor(
    readonly memory: PhysicalMemory,
    /** Backs demand-zero pages of the range before an access (the address space's `populate`). */
    private readonly populate: (address: number, length: number) => void = () => {},
  ) {}

  read(address: number, length: number): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    this.populate(address, length);
    this.memory.checkAccess(address, length, 'read');
    return this.memory.readBytes(address, length);
  }

  write(address: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.populate(address, bytes.length);
    this.memory.checkAccess(address, bytes.length, 'write');
    this.memory.writeBytes(address, bytes);
  }

  word(address: number): number {
    return this.read(address, 4).reduce((v, b, i) => v + b * 2 ** (8 * i), 0);
  }

  /** A NUL-terminated string (at most 4096 bytes; a path). */
  string(address: number): string {
    const bytes: number[] = [];
    for (let i = 0; i < 4096; i++) {
      const b = this.read(address + i, 1)[0]!;
      if (b === 0) break;
      bytes.push(b);
    }
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }
}

/** Little-endian struct builder. */
export class StructWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(offset: number, value: number): this {
    this.view.setUint16(offset, value, true);
    return this;
  }
  u32(offset: number, value: number): this {
    this.view.setUint32(offset, value >>> 0, true);
    return this;
  }
  u64(offset: number, value: number): this {
    this.view.setBigUint64(offset, BigInt.asUintN(64, BigInt(Math.trunc(value))), true);
    return this;
  }
  text(offset: number, value: string): this {
    this.bytes.set(new TextEncoder().encode(value), offset);
    return this;
  }
}
