/**
 * The batching workload (shared by bench/run.ts and test/acceptance-batching.test.ts): 4 CPUs running one
 * generated loop of 1,024 ARM instructions (`add rK, rK, #1`, K = 1…6 in turn, then `b` back), and 1,000
 * kprobe-style breakpoints over its first 1,000 instructions. The UND hook recognises a breakpoint by the
 * word in memory (as the kernel does), counts a hit and emulates the probed `add`.
 */
import { encodeB } from '@armprobe/decoder';
import { type ExceptionEvent, Machine, type MachineOptions, MODE_SVC } from '@armprobe/emulator';
import { kprobeArmBreakpoint, type PatchRequest } from '../src/index.js';

export const REGION = 0x40000;
export const REGION_INSTRUCTIONS = 1024;
export const PROBES = 1000;

export function addWord(k: number): number {
  return (0xe2800001 | (k << 16) | (k << 12)) >>> 0; // add rK, rK, #1
}

export interface Workload {
  readonly machine: Machine;
  readonly attach: PatchRequest[];
  readonly detach: PatchRequest[];
  /** Recognised breakpoint hits per CPU. */
  readonly hits: number[];
  /** UND traps at a probe address whose breakpoint was no longer in memory. */
  readonly races: number;
}

export function workload(options: MachineOptions = {}): Workload {
  const machine = new Machine({ cpus: 4, fetch: 'architectural', linuxUser: false, quantum: [1, 64], ...options });
  const words: number[] = [];
  for (let i = 0; i < REGION_INSTRUCTIONS; i++) words.push(addWord(1 + (i % 6)));
  words.push(encodeB(REGION + 4 * REGION_INSTRUCTIONS, REGION));
  machine.memory.map(REGION, 0x2000, 'rwx');
  for (const [i, w] of words.entries()) machine.memory.poke32(REGION + 4 * i, w);
  machine.registerText(REGION, words.length * 4);
  const attach: PatchRequest[] = [];
  const detach: PatchRequest[] = [];
  for (let i = 0; i < PROBES; i++) {
    const address = REGION + 4 * i;
    const old = words[i]!;
    const bp = kprobeArmBreakpoint(old);
    attach.push({ address, isa: 'arm', width: 4, old, new: bp, purpose: 'arm' });
    detach.push({ address, isa: 'arm', width: 4, old: bp, new: old, purpose: 'disarm' });
  }
  const hits = new Array<number>(machine.cpus.length).fill(0);
  const state = { machine, attach, detach, hits, races: 0 };
  machine.hooks.on(
    'und',
    (e: ExceptionEvent) => {
      const i = (e.pc - REGION) / 4;
      const probed = Number.isInteger(i) && i >= 0 && i < PROBES;
      if (probed && machine.memory.peek32(e.pc) === attach[i]!.new) {
        hits[e.cpu.index]!++;
        const k = 1 + (i % 6);
        e.cpu.regs[k] = (e.cpu.regs[k]! + 1) | 0;
        e.resumeAt = e.pc + 4;
      } else {
        state.races++;
        e.resumeAt = e.pc;
      }
      return true;
    },
    { priority: 10 },
  );
  for (let k = 0; k < machine.cpus.length; k++) machine.startCpu(k, REGION, { mode: MODE_SVC });
  return state;
}
