/**
 * `armprobe disasm FILE.elf` next to `arm-linux-gnueabihf-objdump -d FILE.elf`, whole process, as a user runs
 * them: wall time (median of RUNS, the two taking turns), CPU time (user + system, median), peak memory (maximum
 * resident set, from /usr/bin/time), and whether the two listings are byte-identical; then Node's own start-up
 * (`node -e 0`) beside objdump's whole run on the smallest ELF, and a summary against issue 13's targets
 * (≥ 3× objdump's speed, ≤ 64 MiB peak whatever the ELF's size). The machine's load average is printed before
 * and after: on a shared machine, wall times measure waiting as much as work.
 *   npm run bench -w @armprobe/decoder   (runs bench/run.ts, then this; needs the built CLI: `npm run build`)
 *   BENCH_LISTING_RUNS=N (default 5), BENCH_LISTING_SIZES=100,940,3760,15040 (KB of text; default all four),
 *   BENCH_LISTING_KEEP=1 keeps the ELFs and both listings (the directory is printed) to study them afterwards
 *
 * The ELFs are written here, byte by byte, without cross tools: the .text of every committed -O2 fixture
 * program (fixtures/programs/bin), copied again and again at increasing addresses (each copy keeps its own
 * relative branches and literal pools), with each copy's symbols renamed `name_N` and its `$a`/`$d` mapping
 * symbols, in a static ELF32 ARM executable with one PT_LOAD segment and .text, .symtab, .strtab, .shstrtab.
 * Sizes: 100 KB, 940 KB of text (the size in issue 13), 4× and 16× that, to show that memory does not grow
 * with the file. Two mixes: ARM state only (fixtures/programs), and mixed ARM/Thumb (issue 14): the -O2 Thumb
 * fixture programs (fixtures/programs-thumb: -mthumb, and -marm with Thumb-2 libgcc; `$t` code with IT blocks,
 * TBB/TBH tables, literal pools) interleaved with the ARM ones. And a real program: the static glibc fixture
 * (fixtures/glibc/bin/glibc-demo-O2.elf: Thumb-2 code with glibc's ARM, VFP and NEON routines).
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'packages/cli/dist/armprobe.cjs');
const OBJDUMP = 'arm-linux-gnueabihf-objdump';
const RUNS = Number(process.env.BENCH_LISTING_RUNS ?? 5);
const TEXT_KB = (process.env.BENCH_LISTING_SIZES ?? '100,940,3760,15040').split(',').map(Number);
const KEEP = process.env.BENCH_LISTING_KEEP === '1';

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
const dir = mkdtempSync(join(tmpdir(), 'armprobe-listing-bench-'));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

interface Case {
  readonly name: string;
  readonly write: () => void;
}
const cases: Case[] = [];
for (const { label, sources } of [
  { label: 'arm', sources: armSources },
  { label: 'mixed', sources: mixedSources },
]) {
  for (const kb of TEXT_KB) {
    const name = `large-${label}-${kb}k.elf`;
    cases.push({ name, write: () => writeFileSync(join(dir, name), buildElf(sources, kb * 1024)) });
  }
}
const GLIBC = join(ROOT, 'fixtures/glibc/bin/glibc-demo-O2.elf');
if (existsSync(GLIBC))
  cases.push({ name: 'glibc-demo-O2.elf', write: () => copyFileSync(GLIBC, join(dir, 'glibc-demo-O2.elf')) });

/** Runs a command with its stdout to a file in the bench directory; returns the file's path. */
function listingTo(command: string, args: readonly string[], file: string): string {
  const path = join(dir, file);
  const fd = openSync(path, 'w');
  try {
    const r = spawnSync(command, args, { cwd: dir, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Whether two files have the same bytes, read a piece at a time (listings of hundreds of MB). */
function sameFiles(a: string, b: string): boolean {
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(1 << 20);
    const bb = Buffer.alloc(1 << 20);
    for (;;) {
      const na = readSync(fa, ba, 0, ba.length, null);
      const nb = readSync(fb, bb, 0, bb.length, null);
      if (na !== nb || ba.compare(bb, 0, nb, 0, na) !== 0) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

function lineCount(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let lines = 0;
    for (
      let n = readSync(fd, buffer, 0, buffer.length, null);
      n > 0;
      n = readSync(fd, buffer, 0, buffer.length, null)
    ) {
      for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
    }
    return lines;
  } finally {
    closeSync(fd);
  }
}

interface Result {
  readonly name: string;
  readonly ours: number;
  readonly theirs: number | null;
  readonly oursCpu: number | null;
  readonly theirsCpu: number | null;
  readonly peak: number | null;
  readonly theirsPeak: number | null;
  readonly identical: string;
}
const results: Result[] = [];
const peakOf = (runs: Run[]) =>
  runs.some((r) => r.peakMiB === null) ? null : Math.max(...runs.map((r) => r.peakMiB!));
const cpuOf = (runs: Run[]) =>
  runs.some((r) => r.cpuSeconds === null) ? null : median(runs.map((r) => r.cpuSeconds!));
const mib = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} MiB`);

console.log(`\nELF listing: armprobe disasm FILE.elf vs ${OBJDUMP} -d FILE.elf (node ${process.version})`);
console.log(
  `method: whole process, stdout to /dev/null, median of ${RUNS} runs taking turns; CPU = user+sys; peak RSS by /usr/bin/time`,
);
console.log(`load average at start: ${load()}`);
try {
  for (const c of cases) {
    c.write();
    const size = readFileSync(join(dir, c.name)).length;
    const ours = listingTo(process.execPath, [CLI, 'disasm', c.name], 'ours.txt');
    let identical = 'objdump not installed';
    if (haveObjdump) {
      const theirs = listingTo(OBJDUMP, ['-d', c.name], 'theirs.txt');
      identical = sameFiles(ours, theirs) ? 'byte-identical' : 'DIFFERENT';
    }
    const lines = lineCount(ours);
    const a: Run[] = [];
    const o: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(timed(process.execPath, [CLI, 'disasm', c.name], dir));
      if (haveObjdump) o.push(timed(OBJDUMP, ['-d', c.name], dir));
    }
    const aTime = median(a.map((r) => r.seconds));
    const oTime = haveObjdump ? median(o.map((r) => r.seconds)) : null;
    console.log(`${c.name}: ${(size / 1024).toFixed(0)} KB file, ${lines} lines; listings ${identical}`);
    console.log(
      `  armprobe  median ${aTime.toFixed(3)} s (runs ${a.map((r) => r.seconds.toFixed(3)).join(' ')}), CPU ${cpuOf(a)?.toFixed(3) ?? 'n/a'} s, peak ${mib(peakOf(a))}`,
    );
    if (oTime !== null) {
      console.log(
        `  objdump   median ${oTime.toFixed(3)} s (runs ${o.map((r) => r.seconds.toFixed(3)).join(' ')}), CPU ${cpuOf(o)?.toFixed(3) ?? 'n/a'} s, peak ${mib(peakOf(o))}`,
      );
    }
    results.push({
      name: c.name,
      ours: aTime,
      theirs: oTime,
      oursCpu: cpuOf(a),
      theirsCpu: cpuOf(o),
      peak: peakOf(a),
      theirsPeak: peakOf(o),
      identical,
    });
    if (KEEP) {
      for (const f of ['ours.txt', 'theirs.txt']) {
        if (existsSync(join(dir, f))) renameSync(join(dir, f), join(dir, `${c.name}.${f}`));
      }
    } else for (const f of [c.name, 'ours.txt', 'theirs.txt']) rmSync(join(dir, f), { force: true });
  }
  // What Node's start-up alone costs, beside objdump's whole run on the smallest ELF.
  const bare: Run[] = [];
  for (let i = 0; i < RUNS; i++) bare.push(timed(process.execPath, ['-e', '0'], dir));
  console.log(
    `node -e 0 (start-up alone): median ${median(bare.map((r) => r.seconds)).toFixed(3)} s, CPU ${cpuOf(bare)?.toFixed(3) ?? 'n/a'} s, peak ${mib(peakOf(bare))}`,
  );
  console.log(`load average at end: ${load()}`);
  console.log('\nsummary (targets: >= 3x objdump -d, whole process, median wall; peak <= 64 MiB):');
  for (const r of results) {
    const ratio = r.theirs === null ? null : r.theirs / r.ours;
    const cpuRatio = r.theirsCpu === null || r.oursCpu === null ? null : r.theirsCpu / r.oursCpu;
    console.log(
      `  ${r.name.padEnd(24)} ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}x`} wall (${ratio !== null && ratio >= 3 ? 'met' : 'NOT met'}), ` +
        `${cpuRatio === null ? 'n/a' : `${cpuRatio.toFixed(2)}x`} CPU; peak ${mib(r.peak)} (${r.peak !== null && r.peak <= 64 ? 'met' : 'NOT met'}), objdump ${mib(r.theirsPeak)}; ${r.identical}`,
    );
  }
} finally {
  if (KEEP) console.log(`kept the ELFs and listings (NAME.ours.txt, NAME.theirs.txt) in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
