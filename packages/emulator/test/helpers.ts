import { Machine, type MachineOptions } from '../src/index.js';

export const CODE = 0x10000;
export const DATA = 0x20000;

/** A machine with `words` at CODE (rwx page), CPU 0 in SVC mode at CODE, and a data page at DATA. */
export function machineWith(words: readonly number[], options: MachineOptions = {}): Machine {
  const m = new Machine({ linuxUser: false, ...options });
  m.memory.map(CODE, Math.max(0x1000, words.length * 4), 'rwx');
  m.memory.map(DATA, 0x1000, 'rw');
  for (let i = 0; i < words.length; i++) m.memory.poke32(CODE + i * 4, words[i]!);
  const cpu = m.cpus[0]!;
  cpu.pc = CODE;
  return m;
}

/** Runs exactly `words.length` instructions (or `count`) and returns the machine. */
export function runWords(
  words: readonly number[],
  setup?: (m: Machine) => void,
  options: MachineOptions & { count?: number } = {},
): Machine {
  const m = machineWith(words, options);
  setup?.(m);
  m.run({ maxInstructions: options.count ?? words.length });
  return m;
}

export function reg(m: Machine, n: number): number {
  return m.cpus[0]!.regs[n]! >>> 0;
}

/** A32 `B target` at `from` (condition AL). */
export function encodeB(from: number, target: number, link = false): number {
  return ((link ? 0xeb000000 : 0xea000000) | (((target - (from + 8)) >> 2) & 0xffffff)) >>> 0;
}

export const EXECUTION_MODES = ['blocks', 'interpreter'] as const;
