import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CodeMap, type ElfSymbol, Machine, parseElf, readSymbols, SymbolTable } from '../src/index.js';
import { buildElf, CODE_OFFSET, EXIT_42 } from './elf-builder.js';
import { PROGRAMS } from './fixtures.js';

const sym = (name: string, address: number, size: number, section = 1, type = 2): ElfSymbol => ({
  name,
  address,
  size,
  type,
  binding: 1,
  section,
});

/** The fixture whose .rodata strings follow ARM code with no mapping symbol of their own (gold, -Os). */
function rodataAfterText() {
  const bytes = new Uint8Array(readFileSync(`${PROGRAMS}bin/rodata-after-text-Os.elf`));
  const elf = parseElf(bytes);
  const symbols = readSymbols(elf);
  const names = sectionNames(bytes);
  const section = (name: string) => {
    const s = elf.sections[names.indexOf(name)]!;
    return { start: s.addr, end: s.addr + s.size };
  };
  return { elf, symbols, code: CodeMap.read(elf, symbols), text: section('.text'), rodata: section('.rodata') };
}

function sectionNames(bytes: Uint8Array): string[] {
  const elf = parseElf(bytes);
  const table = elf.sections[elf.header.shstrndx]!;
  return elf.sections.map((s) => {
    let name = '';
    for (let i = table.offset + s.name; bytes[i] !== 0; i++) name += String.fromCharCode(bytes[i]!);
    return name;
  });
}

describe('symbols stay within their extent', () => {
  const table = new SymbolTable(
    [
      sym('first', 0x1000, 0x20),
      sym('label', 0x1010, 0, 1, 0), // an assembler label inside `first`
      sym('second', 0x1040, 0x10),
      sym('tail', 0x1060, 0, 1, 0), // unsized, last in its section
      sym('table', 0x2000, 8, 2, 1),
    ],
    [
      { index: 1, start: 0x1000, end: 0x1080 },
      { index: 2, start: 0x2000, end: 0x2100 },
    ],
  );

  it('a sized symbol contains st_size bytes, no more', () => {
    expect(table.format(0x1004)).toBe('first+0x4');
    expect(table.format(0x101c)).toBe('label+0xc');
    expect(table.format(0x1044)).toBe('second+0x4');
    expect(table.lookup(0x104c)).toEqual({ symbol: table.symbol('second'), offset: 0xc });
    // Past `second` (0x1040 + 0x10) and before `tail`: no symbol, not `second+0x10`.
    expect(table.lookup(0x1050)).toBeNull();
    expect(table.lookup(0x105c)).toBeNull();
    expect(table.lookup(0x2008)).toBeNull();
    expect(table.lookup(0x0fff)).toBeNull();
  });

  it('an unsized label runs to the next symbol, never past its section', () => {
    // `label` ends where `second` starts; past `first`'s size the label still names the bytes.
    expect(table.format(0x1024)).toBe('label+0x14');
    expect(table.format(0x107c)).toBe('tail+0x1c');
    expect(table.lookup(0x1080)).toBeNull();
    expect(table.extent(table.symbol('tail')!)).toEqual({ start: 0x1060, end: 0x1080 });
    expect(table.extent(table.symbol('label')!)).toEqual({ start: 0x1010, end: 0x1040 });
    expect(table.extent(table.symbol('second')!)).toEqual({ start: 0x1040, end: 0x1050 });
  });

  it('symbol+offset resolves only inside the symbol', () => {
    expect(table.resolve('second')).toBe(0x1040);
    expect(table.resolve('second+0xc')).toBe(0x104c);
    expect(table.resolve('second+0x10')).toBeUndefined();
    expect(table.resolve('second+100')).toBeUndefined();
    expect(table.resolve('table+4')).toBe(0x2004);
    expect(table.resolve('table+8')).toBeUndefined();
    expect(table.resolve('0x1234+4')).toBe(0x1238);
    expect(table.resolve('nothing')).toBeUndefined();
  });

  it('the bytes after the last function of a real program have no symbol', () => {
    const { symbols, text, rodata } = rodataAfterText();
    const parity = symbols.symbol('parity')!;
    expect(parity.address + parity.size).toBe(text.end);
    expect(symbols.format(text.end - 4)).toBe(`parity+0x${(parity.size - 4).toString(16)}`);
    // The strings: not `parity+0x20`.
    for (let a = text.end; a < rodata.start + 16; a += 4) expect(symbols.lookup(a)).toBeNull();
  });
});

describe('the code map: executable sections minus $d ranges', () => {
  it('excludes .rodata that follows ARM code with no mapping symbol of its own', () => {
    const { symbols, code, text, rodata } = rodataAfterText();
    // objdump's nearest-mapping-symbol reading calls the strings ARM code: the hazard the map exists for.
    expect(symbols.mappingAt(rodata.start)).toBe('arm');
    expect(code.basis).toBe('sections');
    expect(code.rangeAt(rodata.start)).toBeNull();
    expect(code.at(rodata.start)).toEqual({ kind: 'data', section: '.rodata', why: 'data-section' });
    expect(code.refusal(rodata.start)).toBe(
      `0x${rodata.start.toString(16).padStart(8, '0')} is data (in .rodata, which is not an executable section), not an instruction`,
    );
    for (const r of code.ranges) {
      expect(r.section).toBe('.text');
      expect(r.state).toBe('arm');
      expect(r.start).toBeGreaterThanOrEqual(text.start);
      expect(r.end).toBeLessThanOrEqual(text.end);
    }
    // The ELF header, mapped at the start of the same executable segment, is no section's.
    expect(code.at(0x8000).kind).toBe('outside');
  });

  it('leaves out every $d literal pool, also those inside a function', () => {
    const { symbols, code, text } = rodataAfterText();
    const pools = symbols.mappingSymbols.filter(
      (m) => m.state === 'data' && m.address >= text.start && m.address < text.end,
    );
    expect(pools.length).toBeGreaterThan(3);
    let inside = 0;
    for (const pool of pools) {
      expect(code.at(pool.address)).toEqual({ kind: 'data', section: '.text', why: 'literal-pool' });
      expect(code.refusal(pool.address)).toMatch(/is data \(a \$d literal pool in \.text\), not an instruction$/);
      const owner = symbols.lookup(pool.address);
      if (owner !== null && owner.offset > 0) inside++;
    }
    expect(inside).toBeGreaterThan(0);
    // Code bytes + pool bytes = the whole of .text.
    const codeBytes = code.ranges.reduce((n, r) => n + r.end - r.start, 0);
    let poolBytes = 0;
    const marks = symbols.mappingSymbols.filter((m) => m.address >= text.start && m.address < text.end);
    marks.forEach((m, i) => {
      if (m.state === 'data') poolBytes += (marks[i + 1]?.address ?? text.end) - m.address;
    });
    expect(codeBytes + poolBytes).toBe(text.end - text.start);
  });

  it('keeps the state of each range: Thumb ranges are code in Thumb state', () => {
    const base = 0x10000 + CODE_OFFSET;
    const bytes = buildElf({
      code: [...EXIT_42, 0x46c04770, 0x12345678],
      symbols: [
        { name: '$a', value: base },
        { name: '_start', value: base, size: 12, type: 2 },
        { name: '$t', value: base + 12 },
        { name: 'thumb_fn', value: (base + 12) | 1, size: 4, type: 2 },
        { name: '$d', value: base + 16 },
      ],
    });
    const program = new Machine().loadElf(bytes);
    expect(program.code.ranges).toEqual([
      { start: base, end: base + 12, state: 'arm', section: '.text' },
      { start: base + 12, end: base + 16, state: 'thumb', section: '.text' },
    ]);
    expect(program.code.refusal(base + 4)).toBeNull();
    expect(program.code.refusal(base + 12)).toMatch(/is Thumb code, not ARM code$/);
    expect(program.code.refusal(base + 12, 2, 'thumb')).toBeNull();
    expect(program.code.at(base + 16)).toEqual({ kind: 'data', section: '.text', why: 'literal-pool' });
    expect(program.symbols.format(base + 14)).toBe('thumb_fn+0x2');
  });

  it('takes executable sections as ARM code when the file has no mapping symbols, and segments without sections', () => {
    const stripped = buildElf({ code: EXIT_42, symbols: [{ name: '_start', value: 0x10100, size: 12, type: 2 }] });
    const program = new Machine().loadElf(stripped);
    expect(program.code.basis).toBe('sections');
    expect(program.code.ranges).toEqual([{ start: 0x10100, end: 0x1010c, state: 'arm', section: '.text' }]);
    const noSections = buildElf({ code: EXIT_42 });
    const view = new DataView(noSections.buffer);
    view.setUint32(32, 0, true); // e_shoff
    view.setUint16(48, 0, true); // e_shnum
    const bare = new Machine().loadElf(noSections);
    expect(bare.code.basis).toBe('segments');
    expect(bare.code.ranges).toEqual([{ start: 0x10000, end: 0x1010c, state: 'arm', section: 'segment' }]);
  });

  it('without mapping symbols, a Thumb function (st_value bit 0) is Thumb code and the rest ARM', () => {
    // arith-libgcc-O2 (ARM code with Thumb-2 libgcc) with its mapping symbols removed by objcopy
    // (fixtures/disasm/elf-symbols, scripts/fixtures/gen-listing-symbol-edges.mjs).
    const path = `${import.meta.dirname}/../../../fixtures/disasm/elf-symbols/unmapped-arith-libgcc-O2.elf`;
    const elf = parseElf(new Uint8Array(readFileSync(path)));
    const symbols = readSymbols(elf);
    expect(symbols.mappingSymbols).toEqual([]);
    const code = CodeMap.read(elf, symbols);
    const functions = symbols.symbols.filter((f) => f.type === 2 && code.at(f.address & ~1).kind === 'code');
    const thumb = functions.filter((f) => (f.address & 1) !== 0);
    const arm = functions.filter((f) => (f.address & 1) === 0);
    expect(thumb.length).toBeGreaterThan(3);
    expect(arm.length).toBeGreaterThan(3);
    for (const f of thumb) {
      const { start, end } = symbols.extent(f);
      // Its first and last halfword.
      expect(code.rangeAt(start)?.state, f.name).toBe('thumb');
      expect(code.rangeAt(end - 2)?.state, f.name).toBe('thumb');
    }
    for (const f of arm) expect(code.rangeAt(f.address)?.state, f.name).toBe('arm');
    // Ranges stay sorted, apart, and alternate in state where they touch.
    for (let i = 1; i < code.ranges.length; i++) {
      const [a, b] = [code.ranges[i - 1]!, code.ranges[i]!];
      expect(b.start).toBeGreaterThanOrEqual(a.end);
      if (b.start === a.end && a.section === b.section) expect(b.state).not.toBe(a.state);
    }
  });
});
