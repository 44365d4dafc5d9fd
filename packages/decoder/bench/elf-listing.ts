/**
 * `armprobe disasm FILE.elf` next to `arm-linux-gnueabihf-objdump -d FILE.elf` on large generated ELFs, whole
 * process, as a user runs them: wall time (median of RUNS, the two taking turns) and peak memory (maximum
 * resident set, from /usr/bin/time), and whether the two listings are byte-identical.
 *   npm run bench -w @armprobe/decoder   (runs bench/run.ts, then this; needs the built CLI: `npm run build`)
 *
 * The ELFs are written here, byte by byte, without cross tools: the .text of every committed -O2 fixture
 * program (fixtures/programs/bin), copied again and again at increasing addresses (each copy keeps its own
 * relative branches and literal pools), with each copy's symbols renamed `name_N` and its `$a`/`$d` mapping
 * symbols, in a static ELF32 ARM executable with one PT_LOAD segment and .text, .symtab, .strtab, .shstrtab.
 * Sizes: 940 KB of text (the size in issue 13) and 4× that, to show that memory does not grow with the file.
 * Two mixes: ARM state only (fixtures/programs), and mixed ARM/Thumb (issue 14): the -O2 Thumb fixture
 * programs (fixtures/programs-thumb: -mthumb, and -marm with Thumb-2 libgcc; `$t` code with IT blocks, TBB/TBH
 * tables, literal pools) interleaved with the ARM ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'packages/cli/dist/armprobe.js');
const OBJDUMP = 'arm-linux-gnueabihf-objdump';
const RUNS = Number(process.env.BENCH_LISTING_RUNS ?? 5);
const TEXT_BYTES = [940 * 1024, 4 * 940 * 1024];

interface SourceSymbol {
  readonly name: string;
  /** Offset from the start of .text. */
  readonly offset: number;
  readonly size: number;
  readonly info: number;
}

interface SourceText {
  readonly text: Uint8Array;
  readonly address: number;
  readonly symbols: readonly SourceSymbol[];
  readonly flags: number;
}

/** The .text of a fixture ELF and the symbols defined in it (a reader just large enough for these files). */
function readText(bytes: Uint8Array): SourceText {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shoff = view.getUint32(32, true);
  const shnum = view.getUint16(48, true);
  const shstrndx = view.getUint16(50, true);
  const section = (i: number) => {
    const o = shoff + 40 * i;
    return {
      name: view.getUint32(o, true),
      type: view.getUint32(o + 4, true),
      addr: view.getUint32(o + 12, true),
      offset: view.getUint32(o + 16, true),
      size: view.getUint32(o + 20, true),
      link: view.getUint32(o + 24, true),
    };
  };
  const cString = (at: number) => {
    let end = at;
    while (bytes[end] !== 0) end++;
    return new TextDecoder().decode(bytes.subarray(at, end));
  };
  const names = section(shstrndx);
  let textIndex = -1;
  let symtabIndex = -1;
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (cString(names.offset + s.name) === '.text') textIndex = i;
    if (s.type === 2) symtabIndex = i;
  }
  if (textIndex < 0 || symtabIndex < 0) throw new Error('fixture ELF without .text or .symtab');
  const text = section(textIndex);
  const symtab = section(symtabIndex);
  const strtab = section(symtab.link);
  const symbols: SourceSymbol[] = [];
  for (let o = symtab.offset + 16; o < symtab.offset + symtab.size; o += 16) {
    if (view.getUint16(o + 14, true) !== textIndex) continue;
    const info = bytes[o + 12]!;
    if ((info & 0xf) === 3 || (info & 0xf) === 4) continue; // section and file symbols
    symbols.push({
      name: cString(strtab.offset + view.getUint32(o, true)),
      offset: view.getUint32(o + 4, true) - text.addr,
      size: view.getUint32(o + 8, true),
      info,
    });
  }
  return {
    text: bytes.slice(text.offset, text.offset + text.size),
    address: text.addr,
    symbols,
    flags: view.getUint32(36, true),
  };
}

/**
 * Copy `copy` of a text with its immediates changed, so that copies are not the same words again (a real
 * program repeats some instructions — `push {r4, lr}`, `bx lr` — but not whole functions): in ARM code
 * (outside `$d` ranges), the low bits of each data-processing immediate and of each load/store offset not
 * based on PC are XORed with a hash of the copy number and the offset; in Thumb code, the low bits of the
 * 8-bit immediate of each 16-bit MOVS/CMP/ADDS/SUBS. Branches, register forms and literal pools stay as they were.
 */
function varied(source: SourceText, copy: number): Uint8Array {
  const text = source.text.slice();
  const view = new DataView(text.buffer);
  const marks = source.symbols
    .filter((s) => /^\$[adt](\.|$)/.test(s.name))
    .map((s) => ({ offset: s.offset, state: s.name[1]! }))
    .sort((a, b) => a.offset - b.offset);
  let m = 0;
  let state = 'a';
  for (let o = 0; o + 2 <= text.length; ) {
    while (m < marks.length && marks[m]!.offset <= o) state = marks[m++]!.state;
    const noise = Math.imul(copy * 0x10001 + o, 0x9e3779b1) >>> 20;
    if (state === 't') {
      const unit = view.getUint16(o, true);
      if (unit >>> 13 === 1) view.setUint16(o, unit ^ (noise & 0x1f), true);
      o += unit >= 0xe800 ? 4 : 2;
      continue;
    }
    if ((o & 3) !== 0 || o + 4 > text.length) {
      o += 2;
      continue;
    }
    if (state === 'd') {
      o += 4;
      continue;
    }
    const w = view.getUint32(o, true);
    o += 4;
    if (w >>> 28 === 0xf) continue;
    const dataProcessingImmediate = (w & 0x0e000000) === 0x02000000 && (w & 0x01900000) !== 0x01000000;
    const loadStoreImmediate = (w & 0x0e000000) === 0x04000000 && ((w >>> 16) & 0xf) !== 15;
    if (dataProcessingImmediate) view.setUint32(o - 4, (w ^ (noise & 0xff)) >>> 0, true);
    else if (loadStoreImmediate) view.setUint32(o - 4, (w ^ (noise & 0xffc)) >>> 0, true);
  }
  return text;
}

/** A static ELF32 ARM executable whose .text is copies of the sources' texts, at least `textBytes` long. */
function buildElf(sources: readonly SourceText[], textBytes: number): Uint8Array {
  const BASE = 0x10000;
  // The first copy starts at its own address modulo 16, so the text starts with its first symbol.
  const TEXT_OFFSET = 0x100 + (sources[0]!.address & 15);
  const chunks: Uint8Array[] = [];
  const symbols: { name: string; value: number; size: number; info: number }[] = [];
  let size = 0;
  for (let copy = 0; size < textBytes; copy++) {
    for (const source of sources) {
      // Keep each copy at the same address modulo 16 as its original (literal pools, alignment directives).
      const pad = (((source.address - (BASE + TEXT_OFFSET + size)) % 16) + 16) % 16;
      if (pad > 0) {
        // ARM NOPs (mov r0, r0), as an assembler pads code: objdump -d skips runs of zero bytes (`...`).
        const nops = new Uint8Array(pad);
        new DataView(nops.buffer).setUint32(0, 0xe1a00000, true);
        for (let i = 4; i < pad; i += 4) nops.copyWithin(i, 0, 4);
        chunks.push(nops);
        size += pad;
      }
      const at = BASE + TEXT_OFFSET + size;
      for (const s of source.symbols) {
        const mapping = /^\$[atd](\.|$)/.test(s.name);
        symbols.push({
          name: mapping ? s.name : `${s.name}_${copy}`,
          value: at + s.offset,
          size: s.size,
          info: s.info,
        });
      }
      chunks.push(copy === 0 ? source.text : varied(source, copy));
      size += source.text.length;
    }
  }
  // Locals first (ELF rule), then globals; sh_info = index of the first global.
  const ordered = [...symbols.filter((s) => s.info >> 4 === 0), ...symbols.filter((s) => s.info >> 4 !== 0)];
  const firstGlobal = 1 + symbols.filter((s) => s.info >> 4 === 0).length;
  const encoder = new TextEncoder();
  const strParts: Uint8Array[] = [new Uint8Array(1)];
  let strSize = 1;
  const nameOffsets = ordered.map((s) => {
    const bytes = encoder.encode(`${s.name}\0`);
    strParts.push(bytes);
    strSize += bytes.length;
    return strSize - bytes.length;
  });
  const shstr = encoder.encode('\0.text\0.symtab\0.strtab\0.shstrtab\0');
  const symtabOffset = TEXT_OFFSET + size + ((4 - ((TEXT_OFFSET + size) % 4)) % 4);
  const symtabSize = 16 * (ordered.length + 1);
  const strtabOffset = symtabOffset + symtabSize;
  const shstrOffset = strtabOffset + strSize;
  const shoff = (shstrOffset + shstr.length + 3) & ~3;
  const total = shoff + 5 * 40;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0);
  view.setUint16(16, 2, true); // ET_EXEC
  view.setUint16(18, 40, true); // EM_ARM
  view.setUint32(20, 1, true);
  view.setUint32(24, BASE + TEXT_OFFSET, true);
  view.setUint32(28, 52, true);
  view.setUint32(32, shoff, true);
  view.setUint32(36, sources[0]!.flags, true);
  view.setUint16(40, 52, true);
  view.setUint16(42, 32, true);
  view.setUint16(44, 1, true);
  view.setUint16(46, 40, true);
  view.setUint16(48, 5, true);
  view.setUint16(50, 4, true);
  // PT_LOAD R+X: headers and text.
  const ph = [1, 0, BASE, BASE, TEXT_OFFSET + size, TEXT_OFFSET + size, 5, 0x10000];
  for (const [i, v] of ph.entries()) view.setUint32(52 + 4 * i, v, true);
  let at = TEXT_OFFSET;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  ordered.forEach((s, i) => {
    const o = symtabOffset + 16 * (i + 1);
    view.setUint32(o, nameOffsets[i]!, true);
    view.setUint32(o + 4, s.value, true);
    view.setUint32(o + 8, s.size, true);
    out[o + 12] = s.info;
    view.setUint16(o + 14, 1, true);
  });
  at = strtabOffset;
  for (const p of strParts) {
    out.set(p, at);
    at += p.length;
  }
  out.set(shstr, shstrOffset);
  const sectionHeaders = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 1, 6, BASE + TEXT_OFFSET, TEXT_OFFSET, size, 0, 0, 4, 0],
    [7, 2, 0, 0, symtabOffset, symtabSize, 3, firstGlobal, 4, 16],
    [15, 3, 0, 0, strtabOffset, strSize, 0, 0, 1, 0],
    [23, 3, 0, 0, shstrOffset, shstr.length, 0, 0, 1, 0],
  ];
  for (const [i, fields] of sectionHeaders.entries())
    for (const [j, v] of fields.entries()) view.setUint32(shoff + 40 * i + 4 * j, v, true);
  return out;
}

interface Run {
  readonly seconds: number;
  /** Peak resident set in MiB, or null without /usr/bin/time. */
  readonly peakMiB: number | null;
  /** User + system CPU seconds, or null without /usr/bin/time (a run's cost when more jobs than cores share the machine). */
  readonly cpuSeconds: number | null;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a command with stdout to /dev/null: wall time, and peak memory when /usr/bin/time is there. */
function timed(command: string, args: readonly string[], cwd: string): Run {
  const argv = TIME === null ? [command, ...args] : [TIME, '-f', '%M %U %S', command, ...args];
  const start = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [kb, user, system] = (TIME === null ? '' : r.stderr.trim().split('\n').pop()!).split(' ').map(Number);
  const cpu = (user ?? Number.NaN) + (system ?? Number.NaN);
  return {
    seconds,
    peakMiB: kb !== undefined && Number.isFinite(kb) ? kb / 1024 : null,
    cpuSeconds: Number.isFinite(cpu) ? cpu : null,
  };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

if (!existsSync(CLI)) {
  console.log(`ELF listing bench: ${CLI} is not built (npm run build); skipped`);
  process.exit(0);
}
const haveObjdump = spawnSync(OBJDUMP, ['--version']).status === 0;
const O2Texts = (bin: string) =>
  readdirSync(join(ROOT, bin))
    .filter((f) => f.endsWith('-O2.elf'))
    .sort()
    .map((f) => readText(new Uint8Array(readFileSync(join(ROOT, bin, f)))));
const armSources = O2Texts('fixtures/programs/bin');
const thumbSources = O2Texts('fixtures/programs-thumb/bin');
// Mixed: each Thumb program followed by an ARM one, so ARM, Thumb and data alternate all through the text.
const mixedSources = thumbSources.flatMap((t, i) => [t, armSources[i % armSources.length]!]);
const MIXES = [
  { label: 'arm', sources: armSources },
  { label: 'mixed', sources: mixedSources },
];
const dir = mkdtempSync(join(tmpdir(), 'armprobe-listing-bench-'));
console.log(`\nELF listing: armprobe disasm FILE.elf vs ${OBJDUMP} -d FILE.elf (node ${process.version})`);
console.log(
  `method: whole process, stdout to /dev/null, median of ${RUNS} runs taking turns; peak RSS by /usr/bin/time`,
);
try {
  for (const { label, sources } of MIXES)
    for (const textBytes of TEXT_BYTES) {
      const elf = buildElf(sources, textBytes);
      const name = `large-${label}-${Math.round(textBytes / 1024)}k.elf`;
      writeFileSync(join(dir, name), elf);
      const words = Math.round(textBytes / 4);
      const ours = spawnSync(process.execPath, [CLI, 'disasm', name], { cwd: dir, maxBuffer: 1 << 30 });
      let identical = 'objdump not installed';
      if (haveObjdump) {
        const theirs = spawnSync(OBJDUMP, ['-d', name], { cwd: dir, maxBuffer: 1 << 30 });
        identical = Buffer.compare(ours.stdout, theirs.stdout) === 0 ? 'byte-identical' : 'DIFFERENT';
      }
      const lines = ours.stdout.toString('latin1').split('\n').length - 1;
      const a: Run[] = [];
      const o: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(timed(process.execPath, [CLI, 'disasm', name], dir));
        if (haveObjdump) o.push(timed(OBJDUMP, ['-d', name], dir));
      }
      const peak = (runs: Run[]) =>
        runs[0]?.peakMiB === null || runs.length === 0
          ? 'n/a'
          : `${Math.max(...runs.map((r) => r.peakMiB!)).toFixed(0)} MiB`;
      const aTime = median(a.map((r) => r.seconds));
      const cpu = (runs: Run[]) =>
        runs.some((r) => r.cpuSeconds === null) ? null : median(runs.map((r) => r.cpuSeconds!));
      console.log(
        `${name}: ${(elf.length / 1024).toFixed(0)} KB file, ~${words} words of text, ${lines} lines; listings ${identical}`,
      );
      console.log(
        `  armprobe  median ${aTime.toFixed(3)} s (runs ${a.map((r) => r.seconds.toFixed(3)).join(' ')}), peak ${peak(a)}`,
      );
      if (haveObjdump) {
        const oTime = median(o.map((r) => r.seconds));
        console.log(
          `  objdump   median ${oTime.toFixed(3)} s (runs ${o.map((r) => r.seconds.toFixed(3)).join(' ')}), peak ${peak(o)}`,
        );
        const aCpu = cpu(a);
        const oCpu = cpu(o);
        if (aCpu !== null && oCpu !== null) {
          console.log(
            `  CPU time (user+sys, median): armprobe ${aCpu.toFixed(3)} s, objdump ${oCpu.toFixed(3)} s: ${(oCpu / aCpu).toFixed(2)}x`,
          );
        }
        console.log(
          `  armprobe is ${(oTime / aTime).toFixed(2)}x objdump's speed (target >= 3x: ${oTime / aTime >= 3 ? 'met' : 'NOT met'}); ` +
            `peak memory target <= 64 MiB: ${a.every((r) => r.peakMiB === null || r.peakMiB <= 64) ? 'met' : 'NOT met'}`,
        );
      }
    }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
