import { itAdvance } from '@armprobe/decoder';
import { COST } from './cost-model.js';
import type { InsnOf, Instruction, Kind } from './emit.js';
import { type Emitted, type EmitterTable, plain, readReg, terminal, undefinedInstruction } from './emit.js';

type Insn<K extends Kind> = InsnOf<K>;

/** `pc, word` arguments identifying the instruction to a helper that may raise an exception. */
function at(insn: Instruction): string {
  return `${insn.address >>> 0}, ${insn.word >>> 0}`;
}

function mrs(insn: Insn<'mrs'>): Emitted {
  if (insn.banked) {
    return terminal(
      `const v = h.readBanked(cpu, ${at(insn)}, ${insn.readSpsr}, ${insn.sysm}); if (v !== undefined) r[${insn.rd}] = v;`,
      COST.system,
    );
  }
  // Rd = PC is UNPREDICTABLE: documented choice, UNDEFINED.
  if (insn.rd === 15) return undefinedInstruction(insn);
  return plain(`r[${insn.rd}] = h.readPsr(cpu, ${insn.readSpsr});`, COST.system);
}

function msr(insn: Insn<'msr-immediate' | 'msr-register'>): Emitted {
  const value = insn.kind === 'msr-immediate' ? String(insn.imm32 | 0) : readReg(insn, insn.rn);
  if (insn.writeSpsr) return plain(`h.writeSpsrByInstruction(cpu, ${value}, ${insn.mask});`, COST.system);
  const code = `h.writeCpsrByInstruction(cpu, ${value}, ${insn.mask});`;
  // Writing the control byte can change mode or unmask interrupts: end the block there.
  return (insn.mask & 3) !== 0 ? terminal(code, COST.system) : plain(code, COST.system);
}

function msrBanked(insn: Insn<'msr-banked'>): Emitted {
  return terminal(
    `h.writeBanked(cpu, ${at(insn)}, ${insn.writeSpsr}, ${insn.sysm}, ${readReg(insn, insn.rn)});`,
    COST.system,
  );
}

/** ERET outside Hyp mode behaves as SUBS PC, LR, #0; Thumb's SUBS PC, LR, #imm8 subtracts imm32. */
function exceptionReturnInsn(insn: Insn<'exception-return'>): Emitted {
  const value = insn.imm32 === 0 ? 'r[14]' : `(r[14] - ${insn.imm32}) | 0`;
  return terminal(`h.aluExceptionReturn(cpu, ${value});`, COST.exceptionReturn);
}

function breakpoint(insn: Insn<'breakpoint'>): Emitted {
  return terminal(`h.breakpoint(cpu, ${at(insn)}, ${insn.imm16});`, COST.system);
}

/** SVC: inside an IT block the IT state is advanced before the exception is taken (its SPSR holds the next one). */
function supervisorCall(insn: Insn<'supervisor-call'>): Emitted {
  const itAfter = insn.isa === 'thumb' ? itAdvance(insn.itState) : 0;
  return terminal(`h.supervisorCall(cpu, ${at(insn)}, ${insn.imm24}, ${itAfter});`, COST.system);
}

const _HINT_NOP = 0;
const _HINT_YIELD = 1;
const HINT_WFE = 2;
const HINT_WFI = 3;
const HINT_SEV = 4;
const HINT_SEVL = 5;

function hint(insn: Insn<'hint'>): Emitted {
  switch (insn.hint) {
    case HINT_WFE:
      return terminal('h.waitForEvent(cpu);', COST.system);
    case HINT_WFI:
      return terminal('h.waitForInterrupt(cpu);', COST.system);
    case HINT_SEV:
      return plain('h.sendEvent(cpu);', COST.system);
    case HINT_SEVL:
      return plain('cpu.eventRegister = true;', COST.alu);
    default:
      return plain('', COST.alu);
  }
}

function changeProcessorState(insn: Insn<'change-processor-state'>): Emitted {
  const affect = (insn.affectA ? 4 : 0) | (insn.affectI ? 2 : 0) | (insn.affectF ? 1 : 0);
  return terminal(
    `h.changeProcessorState(cpu, ${insn.imod}, ${affect}, ${insn.changeMode}, ${insn.mode});`,
    COST.system,
  );
}

/** SETEND LE is a no-op (E is already 0); SETEND BE is not supported (big-endian data): UNDEFINED. */
function setEndianness(insn: Insn<'set-endianness'>): Emitted {
  return insn.bigEndian ? undefinedInstruction(insn) : plain('', COST.alu);
}

/** PLD/PLDW/PLI: hints, no access and no fault. The register-shifted-register form is UNDEFINED. */
function preload(insn: Insn<'preload'>): Emitted {
  return insn.rs >= 0 ? undefinedInstruction(insn) : plain('', COST.alu);
}

function clearExclusive(_insn: Insn<'clear-exclusive'>): Emitted {
  return plain('cpu.monitor.clear();', COST.alu);
}

/**
 * DMB, DSB: ordering only (memory is sequentially consistent): no effect beyond the cost. ISB is a
 * context-synchronisation event: it ends the block and lets pending I-cache invalidations reach this CPU's
 * instruction side (architectural fetch model).
 */
function barrier(insn: Insn<'barrier'>): Emitted {
  if (insn.op === 'isb') return terminal('h.contextSynchronize(cpu);', COST.barrier);
  return plain('', COST.barrier);
}

function storeReturnState(insn: Insn<'store-return-state'>): Emitted {
  return {
    code: `h.storeReturnState(cpu, ${at(insn)}, ${insn.mode}, ${insn.increment}, ${insn.wordHigher}, ${insn.wback});`,
    terminal: true,
    memory: true,
    store: true,
    cost: COST.store * 2,
  };
}

function returnFromException(insn: Insn<'return-from-exception'>): Emitted {
  return {
    code: `h.returnFromException(cpu, ${at(insn)}, ${insn.rn}, ${insn.increment}, ${insn.wordHigher}, ${insn.wback});`,
    terminal: true,
    memory: true,
    store: false,
    cost: COST.exceptionReturn,
  };
}

/**
 * Not part of this ARMv7-A CPU (no Virtualization/Security extension at this level, no ARMv8 additions):
 * HVC, SMC, HLT, CRC32, SETPAN and objdump's MSR-with-shift reading execute as UNDEFINED.
 */
export const systemEmitters = {
  mrs,
  'msr-immediate': msr,
  'msr-register': msr,
  'msr-banked': msrBanked,
  'msr-shifted': undefinedInstruction,
  'exception-return': exceptionReturnInsn,
  breakpoint,
  halt: undefinedInstruction,
  'hypervisor-call': undefinedInstruction,
  'secure-monitor-call': undefinedInstruction,
  'supervisor-call': supervisorCall,
  crc32: undefinedInstruction,
  hint,
  'change-processor-state': changeProcessorState,
  'set-endianness': setEndianness,
  'set-pan': undefinedInstruction,
  preload,
  'clear-exclusive': clearExclusive,
  barrier,
  'store-return-state': storeReturnState,
  'return-from-exception': returnFromException,
} satisfies EmitterTable;
