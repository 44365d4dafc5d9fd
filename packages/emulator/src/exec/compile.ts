import type { Block, BlockFunction, DecodedLine } from './decoded-lines.js';
import { conditionExpression } from './emit.js';

/**
 * Compiles decoded lines (consecutive addresses) into one JavaScript function. Contract with the run
 * loop: on entry `cpu.pc` is the first line's address; on return `cpu.nextPc` is where execution
 * continues and the return value is the number of instructions that retired. If an instruction throws
 * a MemoryFault, `cpu.pc` holds its address and the instructions before it have retired.
 */
export function compileBlock(lines: readonly DecodedLine[]): Block {
  const start = lines[0]!.address >>> 0;
  let source = '';
  let loops = false;
  const costPrefix = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) costPrefix[i + 1] = costPrefix[i]! + lines[i]!.emitted.cost;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const e = line.emitted;
    const next = (line.address + 4) >>> 0;
    const cond = conditionExpression(line.insn.cond);
    if (branchesToStart(line, start)) {
      // A branch back to this block's first instruction: loop inside the function while the budget allows,
      // retiring each iteration here (the run loop adds nothing for the `return 0`).
      loops = true;
      const again =
        `cpu.instructions += ${i + 1}; cpu.cycles += ${costPrefix[i + 1]};\n` +
        `if (cpu.attention !== 0 || cpu.instructions + ${lines.length} > limit) { cpu.nextPc = ${start}; return 0; }\n` +
        'continue;\n';
      source += cond === null ? again : `if (${cond}) {\n${again}}\n`;
      if (cond === null) break;
      continue;
    }
    if (cond !== null && isSideExit(line)) {
      // A conditional branch: leaves the block only when taken; the not-taken path falls through.
      source += `if (${cond}) {\n${e.code}\nreturn ${i + 1};\n}\n`;
      continue;
    }
    if ((i > 0 || loops) && (e.memory || e.terminal)) source += `cpu.pc = ${line.address >>> 0};\n`;
    if (e.terminal) source += `cpu.nextPc = ${next};\n`;
    source += cond === null ? `{\n${e.code}\n}\n` : `if (${cond}) {\n${e.code}\n}\n`;
    if (e.terminal) source += `return ${i + 1};\n`;
    else if (e.store) source += `if (cpu.attention !== 0) { cpu.nextPc = ${next}; return ${i + 1}; }\n`;
  }
  const last = lines[lines.length - 1]!;
  if (!endsBlock(last)) source += `cpu.nextPc = ${(last.address + 4) >>> 0};\nreturn ${lines.length};\n`;
  if (loops) source = `for (;;) {\ncpu.pc = ${start};\n${source}}\n`;
  const run = new Function('cpu', 'r', 'mem', 'h', 'limit', `'use strict';\n${source}`) as BlockFunction;
  return { start, length: lines.length, run, costPrefix };
}

/** B (no link, ARM state) whose static target is `start`. */
function branchesToStart(line: DecodedLine, start: number): boolean {
  const insn = line.insn;
  return insn.kind === 'branch-immediate' && !insn.link && !insn.exchange && insn.target >>> 0 === start;
}

/** A conditional instruction that always writes the PC when it executes (B, BL, BX under a condition). */
function isSideExit(line: DecodedLine): boolean {
  return line.emitted.sideExit === true && line.insn.cond < 14;
}

/** True when nothing after this line can run in the same block. */
export function endsBlock(line: DecodedLine): boolean {
  return line.emitted.terminal && !isSideExit(line);
}
