import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ElfError, Machine, parseElf, STACK_TOP } from '../src/index.js';
import { buildElf, CODE_OFFSET, EXIT_42 } from './elf-builder.js';

function load(bytes: Uint8Array): Machine {
  const m = new Machine();
  m.loadElf(bytes);
  return m;
}

function errorCode(bytes: Uint8Array): string {
  try {
    parseElf(bytes);
  } catch (error) {
    if (error instanceof ElfError) return error.code;
    throw error;
  }
  try {
    load(bytes);
  } catch (error) {
    if (error instanceof ElfError) return error.code;
    throw error;
  }
  return 'ok';
}

function patched(bytes: Uint8Array, edit: (v: DataView, b: Uint8Array) => void): Uint8Array {
  const copy = Uint8Array.from(bytes);
  edit(new DataView(copy.buffer), copy);
  return copy;
}

describe('ELF loader', () => {
  const valid = buildElf({ code: EXIT_42, data: [1, 2, 3], bss: 0x3000 });

  it('loads and runs a minimal static executable', () => {
    const m = load(valid);
    const result = m.run({ maxInstructions: 100 });
    expect(result).toMatchObject({ reason: 'exit', status: 42, instructions: 3 });
  });

  it('maps segments with their permissions, zeroed bss, and the break after the highest segment', () => {
    const m = new Machine();
    const program = m.loadElf(valid);
    expect(m.memory.permissions(0x10000)).toBe(5); // r-x
    expect(m.memory.permissions(0x20000)).toBe(3); // rw-
    expect(m.memory.peek32(0x20004)).toBe(2);
    expect(m.memory.peek32(0x2000c)).toBe(0);
    expect(m.memory.peek32(0x22ffc)).toBe(0);
    expect(program.brk).toBe(0x24000);
    expect(program.entry).toBe(0x10000 + CODE_OFFSET);
    expect(program.thumb).toBe(false);
  });

  it('builds a Linux-like initial stack: argc, argv, envp, auxv', () => {
    const m = new Machine();
    const program = m.loadElf(valid, { argv: ['prog', 'one'], envp: ['A=1'] });
    const sp = program.stackPointer;
    expect(sp % 8).toBe(0);
    expect(sp).toBeLessThan(STACK_TOP);
    expect(m.cpus[0]!.regs[13]! >>> 0).toBe(sp);
    const word = (i: number) => m.memory.peek32(sp + 4 * i);
    expect(word(0)).toBe(2);
    expect(m.memory.readCString(word(1))).toBe('prog');
    expect(m.memory.readCString(word(2))).toBe('one');
    expect(word(3)).toBe(0);
    expect(m.memory.readCString(word(4))).toBe('A=1');
    expect(word(5)).toBe(0);
    const auxv = new Map<number, number>();
    for (let i = 6; word(i) !== 0; i += 2) auxv.set(word(i), word(i + 1));
    expect(auxv.get(6)).toBe(4096); // AT_PAGESZ
    expect(auxv.get(9)).toBe(0x10000 + CODE_OFFSET); // AT_ENTRY
    expect(auxv.get(3)).toBe(0x10000 + 52); // AT_PHDR
    expect(auxv.get(5)).toBe(2); // AT_PHNUM
    expect(auxv.get(25)).toBeGreaterThan(sp); // AT_RANDOM
    expect(m.cpus[0]!.mode).toBe(0x10);
  });

  it('reads symbols and mapping symbols for address lookups', () => {
    const bytes = buildElf({
      code: [...EXIT_42, 0x12345678],
      symbols: [
        { name: '$a', value: 0x10100 },
        { name: '_start', value: 0x10100, size: 12, type: 2 },
        { name: '$d', value: 0x1010c },
        { name: 'table', value: 0x1010c, size: 4, type: 1 },
      ],
    });
    const m = new Machine();
    const { symbols } = m.loadElf(bytes);
    expect(symbols.address('_start')).toBe(0x10100);
    expect(symbols.format(0x10108)).toBe('_start+0x8');
    expect(symbols.format(0x1010c)).toBe('table');
    expect(symbols.mappingAt(0x10104)).toBe('arm');
    expect(symbols.mappingAt(0x1010c)).toBe('data');
    expect(symbols.resolve('_start+4')).toBe(0x10104);
    expect(m.symbolize(0x10104)).toBe('_start+0x4');
  });

  it('an entry with bit 0 set starts in Thumb state, and a Thumb function symbol names its code', () => {
    const out: Uint8Array[] = [];
    const m = new Machine({ onStdout: (b) => out.push(b) });
    // movs r0, #42; movs r7, #1; svc 0 — Thumb's Linux EABI exit.
    const program = m.loadElf(
      buildElf({
        code: [0x2701202a, 0x0000df00],
        entry: 0x10101,
        symbols: [
          { name: '$t', value: 0x10100, type: 0 },
          { name: '_start', value: 0x10101, size: 6, type: 2 },
        ],
      }),
    );
    expect(program.thumb).toBe(true);
    expect(program.entry).toBe(0x10100);
    expect(m.cpus[0]!.thumb).toBe(1);
    const result = m.run({ maxInstructions: 10 });
    expect(result.reason).toBe('exit');
    expect(result.status).toBe(42);
    expect(result.instructions).toBe(3);
    // Bit 0 of st_value is the state, not the address: the symbol covers 0x10100 … 0x10105.
    expect(m.symbolize(0x10100)).toBe('_start');
    expect(m.symbolize(0x10104)).toBe('_start+0x4');
    expect(program.symbols.resolve('_start')).toBe(0x10101);
  });

  describe('malformed files raise ElfError with a code', () => {
    const cases: [string, Uint8Array, string][] = [
      ['empty', new Uint8Array(0), 'truncated'],
      ['truncated header', valid.subarray(0, 40), 'truncated'],
      ['bad magic', patched(valid, (_, b) => (b[1] = 0x46)), 'bad-magic'],
      ['64-bit class', patched(valid, (_, b) => (b[4] = 2)), 'bad-class'],
      ['big-endian', patched(valid, (_, b) => (b[5] = 2)), 'bad-endianness'],
      ['x86 machine', patched(valid, (v) => v.setUint16(18, 3, true)), 'bad-machine'],
      ['shared object', patched(valid, (v) => v.setUint16(16, 3, true)), 'not-executable'],
      ['program headers past the end', patched(valid, (v) => v.setUint32(28, valid.length - 8, true)), 'truncated'],
      ['bad phentsize', patched(valid, (v) => v.setUint16(42, 56, true)), 'bad-program-headers'],
      [
        'segment outside the file',
        patched(valid, (v) => v.setUint32(52 + 4, valid.length - 4, true)),
        'segment-outside-file',
      ],
      ['filesz > memsz', patched(valid, (v) => v.setUint32(52 + 20, 4, true)), 'segment-size'],
      ['absurd memsz', patched(valid, (v) => v.setUint32(84 + 20, 0x7fff0000, true)), 'absurd-size'],
      ['wrapping segment', patched(valid, (v) => v.setUint32(84 + 8, 0xfffff000, true)), 'absurd-size'],
      ['overlapping segments', patched(valid, (v) => v.setUint32(84 + 8, 0x10080, true)), 'overlapping-segments'],
      [
        'segment over the stack',
        patched(valid, (v) => v.setUint32(84 + 8, STACK_TOP - 0x1000, true)),
        'overlapping-segments',
      ],
      [
        'no loadable segment',
        patched(valid, (v) => {
          v.setUint32(52, 0, true);
          v.setUint32(84, 0, true);
        }),
        'no-loadable-segments',
      ],
      ['PT_INTERP', patched(valid, (v) => v.setUint32(84, 3, true)), 'interpreter-not-supported'],
      [
        'section headers past the end',
        patched(valid, (v) => v.setUint32(32, valid.length - 10, true)),
        'bad-section-headers',
      ],
      [
        'symtab linked to nothing',
        patched(valid, (v, b) => v.setUint32(b.length - 3 * 40 + 24, 9, true)),
        'bad-symbol-table',
      ],
    ];
    for (const [name, bytes, code] of cases) {
      it(name, () => {
        expect(errorCode(bytes)).toBe(code);
      });
    }

    it('a file that is not a static executable is told what it is', () => {
      const message = (type: number) => {
        try {
          parseElf(patched(valid, (v) => v.setUint16(16, type, true)));
        } catch (error) {
          return (error as ElfError).message;
        }
        return 'parsed';
      };
      expect(message(3)).toBe(
        'not-executable: e_type 3 (ET_DYN, a PIE executable or a shared library): only static executables (ET_EXEC, as gcc -static links them) are supported',
      );
      expect(message(1)).toMatch(/^not-executable: e_type 1 \(ET_REL, an object file\): only static executables/);
      expect(message(0x1234)).toMatch(/^not-executable: e_type 4660: only static executables/);
    });

    it('never throws anything but ElfError for random corruptions (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 8,
          }),
          fc.nat(valid.length),
          (edits, cut) => {
            const bytes = Uint8Array.from(valid.subarray(0, Math.max(cut, 52)));
            for (const [i, b] of edits) if (i < bytes.length) bytes[i] = b;
            const code = errorCode(bytes);
            expect(typeof code).toBe('string');
          },
        ),
        { numRuns: 300, seed: 4 },
      );
    });
  });
});
