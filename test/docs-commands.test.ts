import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every command line of the ```sh blocks of README.md and docs/GUIDE.md, run verbatim (`bash -c LINE`) the way
 * a newcomer runs them: in a fresh `git clone` of this repository's HEAD, in the order the documents give
 * them, starting with the README's `npm install && npm start`. Each must exit 0 (a fixture program run alone:
 * the program's own status) and print what it promises.
 *
 * Cost: one clone, one `npm install` (npm's cache is preferred through the environment, the command text is
 * unchanged), one build, then the commands themselves. The one documented line not run here is the README's
 * `npm install && npm test`: it is this test suite (running it from inside a test would recurse), and CI's
 * own step runs exactly that line (`.ci/run`, checked below).
 */

const ROOT = join(import.meta.dirname, '..');
const DOCUMENTS = ['README.md', 'docs/GUIDE.md'];
const RUN_BY_CI = 'npm install && npm test';

interface DocumentedCommand {
  readonly document: string;
  /** The line as a reader copies it: continuation lines (`\` at the end) joined. */
  readonly line: string;
}

/** The command lines of a document's ```sh blocks, in order. */
function documentedCommands(document: string): DocumentedCommand[] {
  const text = readFileSync(join(ROOT, document), 'utf8');
  const out: DocumentedCommand[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let pending = '';
    for (const raw of block[1]!.split('\n')) {
      pending += pending === '' ? raw : `\n${raw}`;
      if (raw.endsWith('\\')) continue;
      if (pending.trim() !== '') out.push({ document, line: pending });
      pending = '';
    }
  }
  return out;
}

/** What a command's stdout must show besides exit status 0, keyed by what the command runs. */
const EXPECTATIONS: { readonly command: RegExp; readonly stdout: RegExp }[] = [
  { command: /^npm install && npm start/, stdout: /CMODX violations: 0/ },
  { command: /^npm start/, stdout: /CMODX violations: 0/ },
  { command: /armprobe --help/, stdout: /^usage: armprobe <command>/ },
  { command: /armprobe --version/, stdout: /^\d+\.\d+\.\d+\S*\n$/ },
  { command: /armprobe disasm --isa arm/, stdout: /^\{"addr":32768,"word":"e92d4010","text":"push\\t\{r4, lr\}"/ },
  { command: /armprobe disasm \S+\.elf --symbol (\w+)/, stdout: /^[0-9a-f]{8} <\w+>:$/m },
  { command: /armprobe run .*fmt-O2\.elf .*echo "exit \$\?"/, stdout: /\nexit 0\n$/ },
  { command: /armprobe run .*smp-ticket/, stdout: /\nok\n$/ },
  { command: /armprobe demo .*--json/, stdout: /"violations":\s*0/ },
  { command: /armprobe probe \S+ --at parity\+28 \|\| echo "refused: exit \$\?"/, stdout: /^refused: exit 2\n$/ },
];

/**
 * `armprobe run|probe fixtures/programs/bin/NAME.elf …` prints the program's own output first and, when it is
 * the whole command line, exits with the program's status (as qemu-arm does: smp-mixed exits 23 on purpose).
 */
function program(line: string): { stdout: string; status: number | null } | null {
  const m = /armprobe (?:run|probe) fixtures\/programs\/bin\/(\S+)\.elf/.exec(line);
  if (m === null || /\|\|/.test(line)) return null;
  const expected = (ext: string) => readFileSync(join(ROOT, 'fixtures/programs/expected', `${m[1]}.${ext}`), 'utf8');
  return { stdout: expected('stdout'), status: /[;&|]/.test(line) ? null : Number(expected('status')) };
}

/** JSON files a command says it writes (`--report F`, `--stats F`, `--out DIR` → DIR/results.json). */
function writtenFiles(line: string): string[] {
  const files = [...line.matchAll(/--(?:report|stats) ([^\s;|&]+)/g)].map((m) => m[1]!);
  for (const m of line.matchAll(/--out ([^\s;|&]+)/g)) files.push(join(m[1]!, 'results.json'));
  return files;
}

const commands = DOCUMENTS.flatMap(documentedCommands);

/** The child environment: the user's, without what `npm test` and vitest add for their own children. */
function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_OPTIONS$|INIT_CWD$|TURBO_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
}

describe('the documented commands', () => {
  it('README and guide have sh blocks, starting with the quickstart', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
    expect(commands[0]!.line).toMatch(/^npm install && npm start\b/);
    expect(commands.filter((c) => /\bnpx armprobe --help\b/.test(c.line))).not.toHaveLength(0);
  });

  it(`"${RUN_BY_CI}" is the one line left to CI, which runs it as written`, () => {
    const left = commands.filter((c) => c.line.replace(/\s+#.*$/, '') === RUN_BY_CI);
    expect(left).toHaveLength(1);
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toContain('npm install --no-audit --no-fund && npm test ');
  });
});

describe('the documented commands run verbatim in a fresh clone', () => {
  let clone = '';
  beforeAll(() => {
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
    if (head.status !== 0) throw new Error(`not a git repository: ${head.stderr}`);
    clone = join(mkdtempSync(join(tmpdir(), 'armprobe-docs-')), 'armprobe');
    const r = spawnSync('git', ['clone', '--quiet', ROOT, clone], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git clone failed: ${r.stderr}`);
  }, 120_000);
  // The clone holds a node_modules tree: removing it takes a while on a busy machine.
  afterAll(() => {
    if (clone !== '') rmSync(join(clone, '..'), { recursive: true, force: true });
  }, 300_000);

  for (const [i, { document, line }] of commands.entries()) {
    const shown = line.replace(/\\\n\s*/g, '').replace(/\s+#.*$/, '');
    if (shown === RUN_BY_CI) continue;
    it(`${document} #${i + 1}: ${shown}`, () => {
      expect(existsSync(join(clone, 'package.json'))).toBe(true);
      const r = spawnSync('bash', ['-c', line], {
        cwd: clone,
        env: environment(),
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        timeout: 900_000,
      });
      const context = `${line}\n--- stderr ---\n${r.stderr.slice(-4000)}`;
      expect(r.error, context).toBeUndefined();
      const run = program(line);
      expect(r.status, context).toBe(run?.status ?? 0);
      expect(r.stderr, context).not.toMatch(
        /internal error|npm error|ERR!|could not determine executable|usage: armprobe/,
      );
      expect(r.stdout.length > 0 || writtenFiles(line).length > 0, `${context}\n(no output)`).toBe(true);
      for (const e of EXPECTATIONS) if (e.command.test(line)) expect(r.stdout, context).toMatch(e.stdout);
      if (run !== null) expect(r.stdout.startsWith(run.stdout), `${context}\n--- stdout ---\n${r.stdout}`).toBe(true);
      for (const file of writtenFiles(line)) {
        const path = file.startsWith('/') ? file : join(clone, file);
        expect(existsSync(path), `${line}: wrote no ${file}`).toBe(true);
        expect(typeof JSON.parse(readFileSync(path, 'utf8')), `${line}: ${file}`).toBe('object');
      }
    }, 900_000);
  }
});
