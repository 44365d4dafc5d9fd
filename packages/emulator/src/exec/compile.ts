import type { Block, BlockFunction, DecodedLine } from './decoded-lines.js';
import { conditionExpression } from './emit.js';

/**
 * Compiles decoded lines (consecutive addresses) into one JavaScript function. Contract with the run
 * loop: on entry `cpu.pc` is the first line's address; on return `cpu.nextPc` is where execution
 * continues and the return value is the number of instructions that retired. If an instruction throws
 * a MemoryFault, `cpu.pc` holds its address and the instructions before it have retired.
 */
export function compileBlock(lines: readonly DecodedLine[]): Block {
  let source = '';
  const costPrefix = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const e = line.emitted;
    costPrefix[i + 1] = costPrefix[i]! + e.cost;
    const next = (line.address + 4) >>> 0;
    const cond = conditionExpression(line.insn.cond);
    if (i > 0 && (e.memory || e.terminal)) source += `cpu.pc = ${line.address >>> 0};\n`;
    if (e.terminal) source += `cpu.nextPc = ${next};\n`;
    source += cond === null ? `{\n${e.code}\n}\n` : `if (${cond}) {\n${e.code}\n}\n`;
    if (e.terminal) source += `return ${i + 1};\n`;
    else if (e.store) source += `if (cpu.attention !== 0) { cpu.nextPc = ${next}; return ${i + 1}; }\n`;
  }
  const last = lines[lines.length - 1]!;
  if (!last.emitted.terminal) source += `cpu.nextPc = ${(last.address + 4) >>> 0};\nreturn ${lines.length};\n`;
  const run = new Function('cpu', 'r', 'mem', 'h', `'use strict';\n${source}`) as BlockFunction;
  return { start: lines[0]!.address, length: lines.length, run, costPrefix };
}
