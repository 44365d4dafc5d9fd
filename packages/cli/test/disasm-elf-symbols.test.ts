/**
 * Listings that depend on objdump's symbol rules (fixtures/disasm/elf-symbols, made by
 * scripts/fixtures/gen-listing-symbol-edges.mjs): stripped programs (bare addresses, every section ARM),
 * programs without mapping symbols (a label's region is Thumb when the label is a Thumb function), sections
 * starting before their first symbol, branches below and past every symbol, to absolute and .bss symbols.
 * And every listing again with its symbols sorted through a temporary file (as the CLI does for a program with
 * many symbols), with runs, merge rounds and page caches small enough that all of them are exercised.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ElfError } from '@armprobe/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { type ListingOptions, listElf, writeElfFileListing, writeElfListing } from '../src/commands/disasm-elf.js';
import { dynamicNames, dynamicVersions, pltSymbols } from '../src/commands/listing-dynamic.js';
import { type ListingSource, readListingElf } from '../src/commands/listing-file.js';
import { temporaryFileScratch } from '../src/commands/listing-scratch.js';
import { SectionNames } from '../src/commands/listing-strings.js';
import { CommandError } from '../src/errors.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');
const SYMBOLS = join(FIXTURES, 'disasm/elf-symbols');
const names = readdirSync(SYMBOLS)
  .filter((f) => f.endsWith('.objdump') && !f.endsWith('.main.objdump'))
  .map((f) => f.slice(0, -'.objdump'.length));

function firstDifference(want: string, got: string): string | null {
  const w = want.split('\n');
  const g = got.split('\n');
  const at = w.findIndex((line, i) => line !== g[i]);
  if (at >= 0) return `line ${at + 1}: want ${JSON.stringify(w[at])} got ${JSON.stringify(g[at])}`;
  return g.length === w.length ? null : `want ${w.length} lines, got ${g.length}`;
}

/** The listing as its bytes, one character a byte (names may hold bytes that are not UTF-8: `^` and 0xbf). */
function listFile(path: string, name: string, options: ListingOptions): string {
  const chunks: Buffer[] = [];
  writeElfFileListing(path, name, (chunk) => chunks.push(Buffer.from(chunk)), options);
  return Buffer.concat(chunks).toString('latin1');
}

function listBytes(bytes: Uint8Array, name: string): string {
  const chunks: Buffer[] = [];
  writeElfListing(bytes, name, (chunk) => chunks.push(Buffer.from(chunk)));
  return Buffer.concat(chunks).toString('latin1');
}

const scratchDir = mkdtempSync(join(tmpdir(), 'armprobe-symbols-test-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

/** Sorted through a temporary file in `scratchDir`: runs of 3 symbols, merged 2 at a time, one cached page. */
const external: ListingOptions = {
  windowBytes: 4096,
  symbolSorting: {
    store: () => temporaryFileScratch(scratchDir),
    residentSymbols: 0,
    limits: { runRecords: 3, fanIn: 2 },
    cacheSlots: 1,
  },
};

/** `bytes` as the CLI reads a file (in pieces), each read's length added to `reads`. */
function countedSource(bytes: Uint8Array, reads: number[]): ListingSource {
  return {
    size: bytes.length,
    read: (offset, length) => {
      reads.push(length);
      return bytes.slice(offset, offset + length);
    },
    readInto: (offset, into) => {
      const n = Math.max(0, Math.min(into.length, bytes.length - offset));
      reads.push(n);
      into.set(bytes.subarray(offset, offset + n));
      return n;
    },
    bytes: null,
  };
}

describe('listings that depend on objdump symbol rules', () => {
  it('has the stripped, unmapped and hand-written listings', () => {
    expect(names.filter((n) => n.startsWith('stripped-')).length).toBe(7);
    expect(names.filter((n) => n.startsWith('unmapped-')).length).toBe(7);
    expect(names).toContain('symbol-edges');
    expect(names).toContain('symbol-ties');
    // objdump's sanitized names: ^A for 0x01, ^ and 0xbf for 0x7f, ^B in a section's name.
    const control = readFileSync(join(SYMBOLS, 'symbol-control.objdump'), 'latin1');
    expect(control).toContain('<ctl_^A_name_^\xbf_x>:');
    expect(control).toContain('Disassembly of section .ctl_^B_sec:');
  });

  for (const name of names) {
    it(`${name}.elf: objdump's listing, in memory and with its symbols sorted through a file`, () => {
      // Compared byte for byte: a sanitized name holds bytes that are not UTF-8.
      const want = readFileSync(join(SYMBOLS, `${name}.objdump`), 'latin1');
      const path = join(SYMBOLS, `${name}.elf`);
      expect(firstDifference(want, listBytes(new Uint8Array(readFileSync(path)), `${name}.elf`))).toBeNull();
      expect(firstDifference(want, listFile(path, `${name}.elf`, external))).toBeNull();
    });
  }

  it('dynamically linked files: PLT entries named name@plt, a stripped library listed from .dynsym with versions', () => {
    for (const name of ['dynamic-app', 'dynamic-app-nopie', 'dynamic-libdemo', 'dynamic-app-stripped']) {
      expect(names).toContain(name);
    }
    const app = readFileSync(join(SYMBOLS, 'dynamic-app.objdump'), 'utf8');
    expect(app).toMatch(/^[0-9a-f]{8} <puts@plt>:$/m);
    expect(app).toMatch(/^ {1,3}[0-9a-f]{3,5}:\t/m);
    const library = readFileSync(join(SYMBOLS, 'dynamic-libdemo-stripped.objdump'), 'utf8');
    expect(library).toContain('<demo_scale@@DEMO_2>:');
    expect(library).toContain('<demo_scale@DEMO_1>:');
  });

  it('a library with many PLT entries and dynamic symbols: its tables are read a page at a time, not whole', () => {
    for (const file of ['dynamic-libmany', 'dynamic-libmany-stripped']) {
      const bytes = new Uint8Array(readFileSync(join(SYMBOLS, `${file}.elf`)));
      const reads: number[] = [];
      const source = countedSource(bytes, reads);
      const elf = readListingElf(source);
      const dynamic = dynamicNames(elf);
      const sections = new SectionNames(elf);
      // The tables are several pages each (.plt 7 KiB, .rel.plt 4.7 KiB, .dynsym 19 KiB, .gnu.version 2.4 KiB).
      for (const name of ['.plt', '.rel.plt', '.dynsym']) {
        expect(elf.sections.at(sections.indexOf(name))!.size, name).toBeGreaterThan(4096);
      }
      reads.length = 0;
      const plt: string[] = [];
      const walk = pltSymbols(elf, sections, dynamic);
      walk((m) => plt.push(`${m.address.toString(16).padStart(8, '0')} <${m.name}>:`));
      walk(() => {});
      // The 600 functions' and the C runtime's (__cxa_finalize, ...).
      expect(plt.filter((line) => line.includes('<many_ext_'))).toHaveLength(600);
      const listing = readFileSync(join(SYMBOLS, `${file}.objdump`), 'utf8');
      expect(plt).toEqual(listing.split('\n').filter((line) => /^[0-9a-f]{8} <\S+@plt>:$/.test(line)));
      const dynsym = elf.sections.indexOfType(11);
      const version = dynamicVersions(elf, dynsym, dynamic)!;
      const suffixes = new Set<string>();
      for (let i = 0; i < 1200; i++) suffixes.add(version(i));
      expect([...suffixes].sort()).toEqual(['', '@@Base', '@@MANY_1', '@@MANY_2', '@@MANY_3']);
      expect(Math.max(...reads)).toBeLessThanOrEqual(4096);
    }
  });

  it('extended section numbering (e_shnum 0, e_shstrndx SHN_XINDEX: both in section 0) lists as objdump does', () => {
    const bytes = new Uint8Array(readFileSync(join(SYMBOLS, 'symbol-edges.elf')));
    const view = new DataView(bytes.buffer);
    const shoff = view.getUint32(32, true);
    const shnum = view.getUint16(48, true);
    const shstrndx = view.getUint16(50, true);
    view.setUint16(48, 0, true);
    view.setUint16(50, 0xffff, true);
    view.setUint32(shoff + 20, shnum, true);
    view.setUint32(shoff + 24, shstrndx, true);
    // objdump 2.40 lists the file so changed exactly as the original (checked when this test was written).
    const want = readFileSync(join(SYMBOLS, 'symbol-edges.objdump'), 'latin1');
    expect(firstDifference(want, listBytes(bytes, 'symbol-edges.elf'))).toBeNull();
  });

  it('a file with thousands of sections: the section headers are read a page at a time, not whole', () => {
    // symbol-edges.elf with 5,000 more (empty, SHT_NULL) section headers: the same listing.
    const original = new Uint8Array(readFileSync(join(SYMBOLS, 'symbol-edges.elf')));
    const view = new DataView(original.buffer);
    const shoff = view.getUint32(32, true);
    const shnum = view.getUint16(48, true);
    const bytes = new Uint8Array(original.length + 5000 * 40);
    bytes.set(original);
    new DataView(bytes.buffer).setUint16(48, shnum + 5000, true);
    // The added headers are zero, after the table (which ends the file).
    expect(shoff + shnum * 40).toBe(original.length);
    const reads: number[] = [];
    const chunks: Buffer[] = [];
    writeElfListing(countedSource(bytes, reads), 'symbol-edges.elf', (c) => chunks.push(Buffer.from(c)), {
      windowBytes: 4096,
    });
    const want = readFileSync(join(SYMBOLS, 'symbol-edges.objdump'), 'latin1');
    expect(firstDifference(want, Buffer.concat(chunks).toString('latin1'))).toBeNull();
    expect(Math.max(...reads)).toBeLessThanOrEqual(4096);
  });

  it('an object file is refused, naming what it is', () => {
    // The ELF header of symbol-edges.elf with e_type ET_REL.
    const bytes = new Uint8Array(readFileSync(join(SYMBOLS, 'symbol-edges.elf')));
    bytes[16] = 1;
    expect(() => listElf(bytes, 'x.o')).toThrow(
      'e_type 1 (ET_REL, an object file): a listing is of executables and shared libraries (ET_EXEC, ET_DYN)',
    );
  });

  it('the stripped listing names no symbol; the unmapped one lists Thumb functions as Thumb', () => {
    const stripped = readFileSync(join(SYMBOLS, 'stripped-symbol-edges.objdump'), 'utf8');
    expect(stripped).toContain('\tbl\t0x9000\n');
    // Thumb code read as ARM words: objdump's garbage forms are in the listings compared above.
    expect(readFileSync(join(SYMBOLS, 'stripped-fmt-thumb-O2.objdump'), 'utf8')).toContain('<illegal shifter operand>');
    const unmapped = readFileSync(join(SYMBOLS, 'unmapped-arith-libgcc-O2.objdump'), 'utf8');
    expect(unmapped).toMatch(/^ +[0-9a-f]+:\t[0-9a-f]{4} [0-9a-f]{4} \t/m);
  });
});

describe('symbols sorted through a temporary file', () => {
  const glibc = join(FIXTURES, 'glibc/bin/glibc-demo-O2.elf');
  const glibcListing = () =>
    gunzipSync(readFileSync(join(FIXTURES, 'glibc/glibc-demo-O2.objdump.gz'))).toString('utf8');

  it('glibc-demo (thousands of symbols, many runs and merge rounds) lists as objdump, and no file is left', () => {
    const dir = mkdtempSync(join(scratchDir, 'glibc-'));
    const options: ListingOptions = {
      symbolSorting: {
        ...external.symbolSorting,
        store: () => temporaryFileScratch(dir),
        limits: { runRecords: 64, fanIn: 3 },
      },
    };
    expect(firstDifference(glibcListing(), listFile(glibc, 'glibc-demo-O2.elf', options))).toBeNull();
    // (glibc's listing is ASCII: latin1 and UTF-8 read it alike.)
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--symbol main is objdump's --disassemble=main: every executable section's heading, the function's lines", () => {
    const want = readFileSync(join(SYMBOLS, 'glibc-demo-O2.main.objdump'), 'utf8');
    expect(want.match(/^Disassembly of section /gm)?.length).toBeGreaterThan(2);
    const bytes = new Uint8Array(readFileSync(glibc));
    expect(firstDifference(want, listElf(bytes, 'glibc-demo-O2.elf', { symbol: 'main' }))).toBeNull();
    // An alias objdump does not name the address after lists nothing with objdump; here it lists the function,
    // under the name objdump gives it.
    const alias = listElf(bytes, 'glibc-demo-O2.elf', { symbol: 'wmemset' });
    expect(alias).toMatch(/^[0-9a-f]{8} <__wmemset>:$/m);
    expect(alias.split('\n').filter((l) => /^ +[0-9a-f]+:\t/.test(l)).length).toBeGreaterThan(5);
  });

  it('--symbol finds its function when the symbols are sorted through a file', () => {
    const options: ListingOptions = { ...external, symbol: 'main' };
    const got = listFile(glibc, 'glibc-demo-O2.elf', options);
    expect(got).toBe(listElf(new Uint8Array(readFileSync(glibc)), 'glibc-demo-O2.elf', { symbol: 'main' }));
    expect([...got].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    expect(got).toMatch(/^[0-9a-f]{8} <main>:$/m);
    expect(() => listFile(glibc, 'glibc-demo-O2.elf', { ...external, symbol: 'no_such_symbol' })).toThrow(
      /no symbol "no_such_symbol"/,
    );
  });

  it('the CLI default sorts through TMPDIR; a TMPDIR where no file can be made is an error naming it', () => {
    const saved = process.env.TMPDIR;
    const notADirectory = join(scratchDir, 'a-file');
    writeFileSync(notADirectory, '');
    try {
      process.env.TMPDIR = notADirectory;
      let error: unknown;
      try {
        listFile(glibc, 'glibc-demo-O2.elf', { symbolSorting: { residentSymbols: 0 } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CommandError);
      expect((error as CommandError).message).toMatch(/cannot make a temporary file in .*a-file .*set TMPDIR/);
      // Few symbols: sorted in memory, TMPDIR not needed.
      const small = join(SYMBOLS, 'symbol-edges.elf');
      expect(listFile(small, 'symbol-edges.elf', {})).toBe(
        readFileSync(join(SYMBOLS, 'symbol-edges.objdump'), 'latin1'),
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe('corrupted symbol tables', () => {
  it('list the same through a file as in memory, or fail the same way with an ElfError', () => {
    // symbol-edges.elf with 1–6 random bytes of its .symtab or .strtab replaced, 300 times.
    const base = new Uint8Array(readFileSync(join(SYMBOLS, 'symbol-edges.elf')));
    const view = new DataView(base.buffer);
    const header = (i: number) => view.getUint32(32, true) + 40 * i;
    let symtab = -1;
    for (let i = 0; i < view.getUint16(48, true); i++) if (view.getUint32(header(i) + 4, true) === 2) symtab = i;
    const region = (i: number) => ({
      at: view.getUint32(header(i) + 16, true),
      size: view.getUint32(header(i) + 20, true),
    });
    const tables = [region(symtab), region(view.getUint32(header(symtab) + 24, true))];
    const dir = mkdtempSync(join(scratchDir, 'corrupt-'));
    // The sort's temporary files in `dir` too: none may be left, whatever the error.
    const inDir: ListingOptions = {
      ...external,
      symbolSorting: { ...external.symbolSorting, store: () => temporaryFileScratch(dir) },
    };
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const outcome = (f: () => string) => {
      try {
        return `listing ${f()}`;
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    const errors = new Set<string>();
    for (let t = 0; t < 300; t++) {
      const bytes = base.slice();
      for (let k = 1 + random(6); k > 0; k--) {
        const { at, size } = tables[random(2)]!;
        bytes[at + random(size)] = random(256);
      }
      const path = join(dir, 'f.elf');
      writeFileSync(path, bytes);
      const inMemory = outcome(() => listBytes(bytes, 'f.elf'));
      const throughFile = outcome(() => listFile(path, 'f.elf', inDir));
      expect(throughFile, `corruption ${t}`).toBe(inMemory);
      if (!inMemory.startsWith('listing ')) errors.add(inMemory.replace(/symbol \d+/, 'symbol N'));
    }
    expect(errors.size).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['f.elf']);
  });
});
