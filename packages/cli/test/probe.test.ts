import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine } from '@armprobe/emulator';
import { describe, expect, it } from 'vitest';
import { buildElf, CODE_OFFSET, EXIT_42 } from '../../emulator/test/elf-builder.js';

const CLI = join(import.meta.dirname, '../dist/armprobe.cjs');
const PROGRAMS = join(import.meta.dirname, '../../../fixtures/programs');
const THUMB_PROGRAMS = join(import.meta.dirname, '../../../fixtures/programs-thumb');

function probe(name: string, args: string[], elf = join(PROGRAMS, 'bin', `${name}.elf`), dir = PROGRAMS) {
  const report = join(mkdtempSync(join(tmpdir(), 'armprobe-')), 'report.json');
  const r = spawnSync(process.execPath, [CLI, 'probe', elf, ...args, '--report', report], {
    encoding: 'buffer',
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr.toString('utf8'),
    report: existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null,
    expected: {
      stdout: readFileSync(join(dir, 'expected', `${name}.stdout`)),
      status: Number(readFileSync(join(dir, 'expected', `${name}.status`), 'utf8')),
    },
  };
}

describe('armprobe probe', () => {
  it('--every-insn-all leaves output and status unchanged and reports every probe', () => {
    const r = probe('smp-mixed-O2', ['--every-insn-all', '--kretprobe', 'fib']);
    expect(r.stdout.equals(r.expected.stdout)).toBe(true);
    expect(r.status).toBe(r.expected.status);
    const probes = r.report.probes;
    expect(probes.length).toBeGreaterThan(500);
    for (const p of probes) {
      expect(Object.keys(p)).toEqual([
        'address',
        'isa',
        'symbol',
        'offset',
        'insn',
        'action',
        'hits',
        'missed',
        'optimized',
        'rejected',
      ]);
      if (p.rejected === null) expect(['simulate', 'emulate']).toContain(p.action);
      else expect(p.action).toBe('reject');
    }
    expect(probes.filter((p: { rejected: string | null }) => p.rejected !== null).length).toBeGreaterThan(0);
    // Totals count every probe hit, the kretprobe's entry probe included.
    const listed = probes.reduce((s: number, p: { hits: number }) => s + p.hits, 0);
    expect(r.report.totals.hits).toBe(listed + r.report.kretprobes[0].entries);
    expect(Object.keys(r.report.totals)).toEqual([
      'instructions',
      'cycles',
      'hits',
      'rendezvous',
      'violations',
      'spuriousTraps',
    ]);
    expect(r.report.kretprobes[0].symbol).toBe('fib');
    expect(r.report.kretprobes[0].hits).toBeGreaterThan(0);
  });

  it('--at with --attach-after/--detach-after probes only inside the window', () => {
    const always = probe('crc-O2', ['--at', 'strlen']);
    const windowed = probe('crc-O2', ['--at', 'strlen', '--attach-after', '5000', '--detach-after', '50000']);
    for (const r of [always, windowed]) {
      expect(r.stdout.equals(r.expected.stdout)).toBe(true);
      expect(r.status).toBe(r.expected.status);
    }
    const all = always.report.probes[0].hits;
    const some = windowed.report.probes[0].hits;
    expect(all).toBeGreaterThan(0);
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
    expect(windowed.report.probes[0]).toMatchObject({ symbol: 'strlen', offset: 0, rejected: null });
  });

  it('rejects bad arguments with status 2', () => {
    expect(probe('crc-O2', ['--at', 'nosuchsymbol']).stderr).toContain('no symbol "nosuchsymbol"');
    expect(probe('crc-O2', ['--at', 'put_hex', '--strategy', 'yolo']).status).toBe(2);
    expect(probe('crc-O2', []).stderr).toContain('nothing to probe');
    expect(probe('crc-O2', ['--at', 'put_hex', '--attach-after', '10', '--detach-after', '5']).status).toBe(2);
  });
});

/** The loaded program of a fixture (its symbols and code map), as the probe command sees it. */
function loaded(name: string) {
  return new Machine().loadElf(new Uint8Array(readFileSync(join(PROGRAMS, 'bin', `${name}.elf`))));
}

const hex = (a: number) => `0x${a.toString(16).padStart(8, '0')}`;

describe('armprobe probe: instructions only', () => {
  for (const name of ['rodata-after-text-O0', 'rodata-after-text-Os']) {
    it(`${name}: --every-insn-all leaves the strings after .text alone (output = the unprobed run)`, () => {
      const r = probe(name, ['--every-insn-all']);
      expect(r.stderr).toBe('');
      expect(r.stdout.toString()).toBe(r.expected.stdout.toString());
      expect(r.status).toBe(r.expected.status);
      const { code, symbols } = loaded(name);
      const words = code.ranges.reduce((n, c) => n + (c.end - c.start) / 4, 0);
      expect(r.report.probes).toHaveLength(words);
      expect(r.report.probes.every((p: { isa: string }) => p.isa === 'arm')).toBe(true);
      for (const p of r.report.probes) {
        expect(code.rangeAt(p.address)).not.toBeNull();
        const at = symbols.lookup(p.address)!;
        expect([p.symbol, p.offset]).toEqual([at.symbol.name, at.offset]);
        expect(p.offset).toBeLessThan(symbols.symbol(p.symbol)!.size);
      }
    });
  }

  it('--every-insn SYMBOL skips the literal pools inside the function', () => {
    const { code, symbols } = loaded('rodata-after-text-Os');
    const hash32 = symbols.symbol('hash32')!;
    const r = probe('rodata-after-text-Os', ['--every-insn', 'hash32']);
    expect(r.status).toBe(r.expected.status);
    expect(r.stdout.equals(r.expected.stdout)).toBe(true);
    const expected: number[] = [];
    for (let a = hash32.address; a < hash32.address + hash32.size; a += 4) if (code.rangeAt(a)) expected.push(a);
    expect(expected.length).toBeLessThan(hash32.size / 4);
    expect(r.report.probes.map((p: { address: number }) => p.address)).toEqual(expected);
  });

  it('--at and --every-insn refuse data and offsets past the symbol, naming the address and why', () => {
    const { code, symbols } = loaded('rodata-after-text-Os');
    const hash32 = symbols.symbol('hash32')!;
    const pool = symbols.mappingSymbols.find(
      (m) => m.state === 'data' && m.address > hash32.address && m.address < hash32.address + hash32.size,
    )!.address;
    const parity = symbols.symbol('parity')!;
    const hexTable = symbols.symbol('hex.1')!;
    const rodata = hexTable.address & ~3;
    expect(code.at(rodata).kind).toBe('data');
    const poolOffset = `0x${(pool - hash32.address).toString(16)}`;
    const cases: [string[], string][] = [
      [
        ['--at', `hash32+${poolOffset}`],
        `--at hash32+${poolOffset}: ${hex(pool)} is data (a $d literal pool in .text), not an instruction`,
      ],
      [['--at', hex(pool)], `--at ${hex(pool)}: ${hex(pool)} is data (a $d literal pool in .text), not an instruction`],
      [
        ['--at', `parity+${parity.size}`],
        `--at parity+${parity.size}: ${hex(parity.address + parity.size)} is past the end of parity ` +
          `(${hex(parity.address)}, ${parity.size} bytes), not part of it`,
      ],
      [
        ['--at', hex(rodata)],
        `--at ${hex(rodata)}: ${hex(rodata)} is data (in .rodata, which is not an executable section), not an instruction`,
      ],
      [
        ['--every-insn', 'hex.1'],
        `--every-insn hex.1: ${hex(hexTable.address)} is data (in .rodata, which is not an executable section), not an instruction`,
      ],
    ];
    for (const [args, message] of cases) {
      const r = probe('rodata-after-text-Os', ['--at', 'main', ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`armprobe: ${message}\n`);
      expect(r.stdout.length).toBe(0);
      expect(r.report).toBeNull();
    }
  });

  it('--every-insn-all probes the Thumb code too, instruction by instruction', () => {
    const base = 0x10000 + CODE_OFFSET;
    const file = join(mkdtempSync(join(tmpdir(), 'armprobe-')), 'mixed.elf');
    writeFileSync(
      file,
      buildElf({
        code: [...EXIT_42, 0x46c04770, 0x46c04770],
        symbols: [
          { name: '$a', value: base },
          { name: '_start', value: base, size: 12, type: 2 },
          { name: '$t', value: base + 12 },
          { name: 'thumb_fn', value: (base + 12) | 1, size: 8, type: 2 },
        ],
      }),
    );
    const reportFile = join(mkdtempSync(join(tmpdir(), 'armprobe-')), 'report.json');
    const run = spawnSync(process.execPath, [CLI, 'probe', file, '--every-insn-all', '--report', reportFile], {
      encoding: 'utf8',
    });
    const r = { status: run.status, stderr: run.stderr, report: JSON.parse(readFileSync(reportFile, 'utf8')) };
    expect(r.status).toBe(42);
    expect(r.stderr).toBe('');
    expect(
      r.report.probes.map((p: { address: number; isa: string; insn: string }) => [p.address, p.isa, p.insn]),
    ).toEqual([
      [base, 'arm', expect.any(String)],
      [base + 4, 'arm', expect.any(String)],
      [base + 8, 'arm', expect.any(String)],
      [base + 12, 'thumb', 'bx\tlr'],
      [base + 14, 'thumb', 'nop'],
      [base + 16, 'thumb', 'bx\tlr'],
      [base + 18, 'thumb', 'nop'],
    ]);
    expect(
      r.report.probes.filter((p: { isa: string; rejected: string | null }) => p.isa === 'thumb' && p.rejected !== null),
    ).toEqual([]);
    expect(Object.keys(r.report)).toEqual(['probes', 'kretprobes', 'totals']);
  });
});

describe('armprobe probe on Thumb programs', () => {
  const thumb = (name: string, args: string[]) =>
    probe(name, args, join(THUMB_PROGRAMS, 'bin', `${name}.elf`), THUMB_PROGRAMS);

  it('-mthumb: --every-insn-all and a kretprobe on a Thumb function leave output and status unchanged', () => {
    const r = thumb('smp-mixed-thumb-O2', ['--every-insn-all', '--kretprobe', 'fib']);
    expect(r.stderr).toBe('');
    expect(r.stdout.equals(r.expected.stdout)).toBe(true);
    expect(r.status).toBe(r.expected.status);
    const probes: { isa: string; hits: number; rejected: string | null; action: string; insn: string }[] =
      r.report.probes;
    const accepted = probes.filter((p) => p.rejected === null);
    expect(accepted.length).toBeGreaterThan(200);
    // The program is Thumb code, but for its start-up and syscall stubs (ARM).
    expect(accepted.filter((p) => p.isa === 'thumb').length).toBeGreaterThan(200);
    expect(accepted.filter((p) => p.hits > 0).length).toBeGreaterThan(50);
    // Instructions inside IT blocks are listed with the block's condition, as objdump prints them.
    expect(probes.some((p) => /^it/.test(p.insn))).toBe(true);
    expect(r.report.kretprobes[0]).toMatchObject({ symbol: 'fib' });
    expect(r.report.kretprobes[0].hits).toBeGreaterThan(0);
    // Every entry returned through the Thumb trampoline, or was over maxactive (fib recurses deeper).
    expect(r.report.kretprobes[0].hits + r.report.kretprobes[0].missed).toBe(r.report.kretprobes[0].entries);
    expect(r.report.totals.violations).toBe(0);
  });

  it('-marm with Thumb libgcc: both states probed; --at a Thumb symbol', () => {
    const r = thumb('dispatch-libgcc-O2', ['--every-insn-all']);
    expect(r.stderr).toBe('');
    expect(r.stdout.equals(r.expected.stdout)).toBe(true);
    expect(r.status).toBe(r.expected.status);
    const probes: { isa: string; hits: number; rejected: string | null }[] = r.report.probes;
    for (const isa of ['arm', 'thumb']) {
      const used = probes.filter((p) => p.isa === isa && p.rejected === null && p.hits > 0);
      expect(used.length, isa).toBeGreaterThan(5);
    }
    const { symbols, code } = new Machine().loadElf(
      new Uint8Array(readFileSync(join(THUMB_PROGRAMS, 'bin', 'dispatch-libgcc-O2.elf'))),
    );
    const thumbFunction = symbols.symbols.find(
      (s) => s.type === 2 && (s.address & 1) === 1 && code.rangeAt(s.address & ~1)?.state === 'thumb',
    );
    expect(thumbFunction).toBeDefined();
    const at = thumb('dispatch-libgcc-O2', ['--at', thumbFunction!.name]);
    expect(at.status).toBe(at.expected.status);
    expect(at.report.probes).toHaveLength(1);
    expect(at.report.probes[0]).toMatchObject({
      address: thumbFunction!.address & ~1,
      isa: 'thumb',
      offset: 0,
      rejected: null,
    });
    // The same by address, bit 0 set as in a Thumb code pointer.
    const byAddress = thumb('dispatch-libgcc-O2', ['--at', `0x${thumbFunction!.address.toString(16)}`]);
    expect(byAddress.report.probes.map((p: { address: number; isa: string }) => [p.address, p.isa])).toEqual([
      [thumbFunction!.address & ~1, 'thumb'],
    ]);
    // Inside a 32-bit Thumb instruction: refused, naming the address.
    const range = code.rangeAt(thumbFunction!.address & ~1)!;
    const machine = new Machine();
    machine.loadElf(new Uint8Array(readFileSync(join(THUMB_PROGRAMS, 'bin', 'dispatch-libgcc-O2.elf'))));
    let wide = range.start;
    while (machine.memory.peek16(wide) >>> 11 < 0x1d) wide += 2;
    const inside = `0x${(wide + 2).toString(16).padStart(8, '0')}`;
    const refused = thumb('dispatch-libgcc-O2', ['--at', inside]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `armprobe: --at ${inside}: ${inside} is not the start of a Thumb instruction (it is inside a 32-bit one)\n`,
    );
  });
});

describe('armprobe probe on programs without mapping symbols', () => {
  // arith-libgcc-O2 (ARM code, Thumb-2 libgcc) stripped of its mapping symbols, and of all its symbols
  // (fixtures/disasm/elf-symbols, scripts/fixtures/gen-listing-symbol-edges.mjs).
  const SYMBOLS = join(import.meta.dirname, '../../../fixtures/disasm/elf-symbols');
  const run = (file: string, args: string[]) => probe('arith-libgcc-O2', args, join(SYMBOLS, file), THUMB_PROGRAMS);

  it('--every-insn-all and --every-insn refuse them: nothing tells their literal pools from their instructions', () => {
    for (const file of ['unmapped-arith-libgcc-O2.elf', 'stripped-arith-libgcc-O2.elf']) {
      const r = run(file, ['--every-insn-all']);
      expect(r.status, file).toBe(2);
      expect(r.stderr).toBe(
        `armprobe: --every-insn-all: ${join(SYMBOLS, file)} has no mapping symbols ($a, $t, $d: stripped?), so its ` +
          'instructions cannot be told from the literal pools between them; probe a build with its symbols, or single ' +
          'instructions with --at\n',
      );
      expect(r.stdout.length).toBe(0);
    }
    expect(run('unmapped-arith-libgcc-O2.elf', ['--every-insn', 'isqrt']).stderr).toMatch(
      /^armprobe: --every-insn isqrt: .* has no mapping symbols/,
    );
  });

  it('--at a Thumb function (st_value bit 0) probes it in Thumb state; an ARM one in ARM state', () => {
    const r = run('unmapped-arith-libgcc-O2.elf', [
      '--at',
      '__aeabi_uidiv',
      '--at',
      'isqrt',
      '--at',
      '__aeabi_idivmod',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.equals(r.expected.stdout)).toBe(true);
    expect(r.status).toBe(r.expected.status);
    const probes = r.report.probes.map(
      (p: { symbol: string; offset: number; isa: string; hits: number; rejected: string | null }) => [
        p.symbol,
        p.offset,
        p.isa,
        p.rejected,
        p.hits > 0,
      ],
    );
    expect(probes).toEqual([
      ['__aeabi_uidiv', 0, 'thumb', null, true],
      ['isqrt', 0, 'arm', null, true],
      ['__aeabi_idivmod', 0, 'thumb', null, true],
    ]);
  });
});
