import { type A32Instruction, decodeA32, formatA32, REG_NAMES } from '@armprobe/decoder';

/**
 * An embedded ARM-state workload: a ticket spinlock and a worker that sums into a shared counter,
 * compiled by arm-linux-gnueabihf-gcc 12 (`-marm -march=armv7-a -O2`) from C written for this demo.
 * Loaded at 0x8000.
 */
const WORKLOAD: readonly { readonly name: string; readonly offset: number; readonly words: readonly number[] }[] = [
  {
    name: 'spin_lock',
    offset: 0x00,
    words: [
      0xe1902f9f, 0xe2823001, 0xe1801f93, 0xe3510000, 0x1afffffa, 0xf57ff05b, 0xe5903004, 0xe1520003, 0x012fff1e,
      0xe320f002, 0xe5903004, 0xe1530002, 0x1afffffb, 0xe12fff1e,
    ],
  },
  {
    name: 'spin_unlock',
    offset: 0x38,
    words: [0xe5903004, 0xf57ff05b, 0xe2833001, 0xe5803004, 0xf57ff04a, 0xe320f004, 0xe12fff1e],
  },
  {
    name: 'work',
    offset: 0x54,
    words: [
      0xe1a0c000, 0xe3520000, 0xe52de004, 0xda000021, 0xe0812102, 0xe3a03003, 0xe3a00000, 0xe491e004, 0xe1520001,
      0xe020039e, 0xe2833001, 0x1afffffa, 0xe1a0e000, 0xe19c2f9f, 0xe2823001, 0xe18c1f93, 0xe3510000, 0x1afffffa,
      0xf57ff05b, 0xe59c3004, 0xe1530002, 0x0a000003, 0xe320f002, 0xe59c3004, 0xe1520003, 0x1afffffb, 0xe3003000,
      0xe3403000, 0xe59c2004, 0xe5931000, 0xe081100e, 0xe5831000, 0xe2823001, 0xf57ff05b, 0xe58c3004, 0xf57ff04a,
      0xe320f004, 0xe49df004, 0xe3a0e000, 0xe1a0000e, 0xeaffffe3,
    ],
  },
];

const BASE = 0x8000;

function registers(mask: number): string {
  const out: string[] = [];
  for (let r = 0; r < 16; r++) if (mask & (1 << r)) out.push(REG_NAMES[r]!);
  return out.length === 0 ? '-' : out.join(' ');
}

/**
 * `armprobe demo`: disassembles the embedded workload exactly as objdump would and summarises, per
 * function, what the decoded model says about it (memory accesses, exclusive sequences, branches,
 * registers written) — the facts kprobes and the patcher work from.
 */
export async function demo(_argv: readonly string[], write: (s: string) => void): Promise<number> {
  write(`armprobe demo — ARM workload at 0x${BASE.toString(16)}, decoded and printed like GNU objdump 2.40\n\n`);
  for (const fn of WORKLOAD) {
    const start = BASE + fn.offset;
    write(`${start.toString(16).padStart(8, '0')} <${fn.name}>:\n`);
    const decoded: A32Instruction[] = [];
    fn.words.forEach((word, i) => {
      const insn = decodeA32(word, start + 4 * i);
      decoded.push(insn);
      const { text, comment } = formatA32(insn);
      const line = comment === null ? text : `${text}\t@ ${comment}`;
      write(`${insn.address.toString(16).padStart(8, ' ')}:\t${word.toString(16).padStart(8, '0')} \t${line}\n`);
    });
    let loads = 0;
    let stores = 0;
    let exclusive = 0;
    let branches = 0;
    let written = 0;
    for (const insn of decoded) {
      if (insn.memory?.access === 'load') loads++;
      if (insn.memory?.access === 'store') stores++;
      if (insn.memory?.exclusive) exclusive++;
      if (insn.target !== null || (insn.writes & (1 << 15)) !== 0) branches++;
      written |= insn.writes;
    }
    write(
      `  ${decoded.length} instructions: ${loads} loads, ${stores} stores (${exclusive} exclusive), ${branches} branches; writes ${registers(written)}\n\n`,
    );
  }
  return 0;
}
