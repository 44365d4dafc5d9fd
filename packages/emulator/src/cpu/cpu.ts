import type { ExceptionRequest } from '../exceptions/dispatcher.js';
import type { PhysicalMemory } from '../memory/memory.js';
import { Cp15, SCTLR_EE, SCTLR_TE } from './cp15.js';
import { ExclusiveMonitor } from './exclusive-monitor.js';
import {
  BANK_COUNT,
  BANK_FIQ,
  BANK_USR,
  bankOf,
  MODE_SVC,
  MODE_USR,
  PSR_A,
  PSR_E,
  PSR_F,
  PSR_GE_SHIFT,
  PSR_I,
  PSR_J,
  PSR_MODE_MASK,
  PSR_T,
} from './modes.js';
import type { StopRequest } from './stop.js';

/** CPSR bits a write through `writeCpsr` may change when privileged (everything this CPU models). */
export const CPSR_WRITABLE = 0xff0fffff | 0;

/**
 * What a CPU needs from the machine around it: memory, and somewhere to send exceptions and stop
 * requests. The machine implements it; tests may implement it directly.
 */
export interface CpuSystem {
  readonly memory: PhysicalMemory;
  /** Routes an exception (host hooks, then the guest vector, else a typed stop). */
  raise(cpu: Cpu, request: ExceptionRequest): void;
  /** SEV: set every CPU's event register (optional; without it SEV only sets this CPU's). */
  sendEvent?(from: Cpu): void;
  /** A context-synchronisation event on `cpu` (ISB, exception entry/return): the fetch model acts on it. */
  contextSynchronize?(cpu: Cpu): void;
}

/**
 * ARMv7-A register file and processor state of one CPU (ARM ARM B1.3): r0–r15 with the banked
 * registers of FIQ, IRQ, SVC, ABT and UND, CPSR and the SPSRs, the local exclusive monitor and CP15.
 *
 * Register values are kept as signed 32-bit integers (Int32Array); read them with `>>> 0` when an
 * unsigned value is wanted. Flags are kept unpacked (0 or 1 each) for the execution engine.
 */
export class Cpu {
  /**
   * The registers of the current mode. r15 is not updated per instruction (compiled code reads the PC as a
   * constant, address + 8); while a hook runs it holds the excepting instruction's address + 8. Use `pc`.
   */
  readonly regs = new Int32Array(16);
  /** Address of the instruction being (or about to be) executed. */
  pc = 0;
  /** Address the run loop continues at after the current instruction (handlers that branch set it). */
  nextPc = 0;

  // APSR, unpacked.
  n = 0;
  z = 0;
  c = 0;
  v = 0;
  q = 0;
  /** GE[3:0]. */
  ge = 0;

  /** VFP registers (VFPv3-D32): S<n> is word n, D<n> words 2n (low half) and 2n + 1 (high half). */
  readonly vfp = new Uint32Array(64);
  /** FPSCR (NZCV, QC, AHP, DN, FZ, RMode and the cumulative exception bits). */
  fpscr = 0;

  // Execution state and mask bits.
  mode = MODE_SVC;
  /** CPSR.T: 1 in Thumb state. */
  thumb = 0;
  /** ITSTATE[7:0] (Thumb only; kept so MRS/MSR and exception return round-trip it). */
  itState = 0;
  /** CPSR.E (data endianness); only little-endian is implemented, the bit round-trips. */
  bigEndian = 0;
  /** CPSR.J (Jazelle); always 0 on entry, round-trips. */
  jazelle = 0;
  maskA = 1;
  maskI = 1;
  maskF = 1;

  /** SP and LR of each bank (index by `bankOf`), the current bank's copy lives in `regs`. */
  private readonly bankedSp = new Int32Array(BANK_COUNT);
  private readonly bankedLr = new Int32Array(BANK_COUNT);
  /** SPSR of each exception bank (index 0, USR/SYS, is unused). */
  private readonly spsrs = new Int32Array(BANK_COUNT);
  /** r8–r12 of the non-FIQ modes while in FIQ mode, and of FIQ mode otherwise. */
  private readonly otherR8toR12 = new Int32Array(5);

  readonly monitor = new ExclusiveMonitor();
  readonly cp15: Cp15;

  /** Instructions retired and emulated cycles spent by this CPU (cycles include exceptions and services). */
  instructions = 0;
  cycles = 0;
  /** Cycles this CPU spent asleep (WFI/WFE); its clock is `cycles + idleCycles`. */
  idleCycles = 0;
  /** In a `stopMachine` rendezvous: executes nothing and is not "running" for the CMODX detector. */
  parked = false;
  /**
   * Like the kernel's preempt_count: while non-zero, the guest thread on this CPU is not switched away at a
   * slice boundary (a host client running guest code on the thread's behalf across instructions — e.g. an
   * out-of-line single-step slot — raises it for that window). Blocking syscalls still switch.
   */
  preemptCount = 0;

  /** Whether the scheduler runs this CPU (CPU 0 from the start; others once the machine starts them). */
  poweredOn = true;
  /** Set when the CPU is asleep in WFI (until an interrupt) or WFE (until an event). */
  waitingForInterrupt = false;
  waitingForEvent = false;
  /** The event register (set by SEV and exception return). */
  eventRegister = false;
  /**
   * Non-zero when the run loop must leave its fast path after the current instruction: a stop request,
   * a change to Thumb state, a CPSR write (interrupts may be unmasked), WFI/WFE, a write to decoded code.
   */
  attention = 0;
  /** Set when something asked this CPU (and the run) to stop; the run loop checks it after each instruction. */
  stopRequest: StopRequest | null = null;
  private irqAsserted = false;
  private fiqAsserted = false;

  /** IRQ input (level-sensitive), driven by the machine's interrupt controller; changing it is noticed at once. */
  get irqLine(): boolean {
    return this.irqAsserted;
  }

  set irqLine(level: boolean) {
    this.irqAsserted = level;
    this.attention = 1;
  }

  /** FIQ input (level-sensitive). */
  get fiqLine(): boolean {
    return this.fiqAsserted;
  }

  set fiqLine(level: boolean) {
    this.fiqAsserted = level;
    this.attention = 1;
  }

  constructor(
    /** CPU index (0 … N-1), also MPIDR.Aff0. */
    readonly index: number,
    readonly system: CpuSystem,
  ) {
    this.cp15 = new Cp15(index);
  }

  /** Reset state (ARM ARM B1.8.1): SVC mode, ARM state, A/I/F masked, r0–r14 zero, PC at `resetVector`. */
  reset(resetVector = 0): void {
    this.regs.fill(0);
    this.vfp.fill(0);
    this.fpscr = 0;
    this.bankedSp.fill(0);
    this.bankedLr.fill(0);
    this.spsrs.fill(0);
    this.otherR8toR12.fill(0);
    this.n = this.z = this.c = this.v = this.q = this.ge = 0;
    this.mode = MODE_SVC;
    this.thumb = (this.cp15.sctlr & SCTLR_TE) !== 0 ? 1 : 0;
    this.itState = 0;
    this.bigEndian = (this.cp15.sctlr & SCTLR_EE) !== 0 ? 1 : 0;
    this.jazelle = 0;
    this.maskA = this.maskI = this.maskF = 1;
    this.monitor.clear();
    this.pc = this.nextPc = resetVector >>> 0;
    this.waitingForEvent = this.waitingForInterrupt = false;
  }

  get isPrivileged(): boolean {
    return this.mode !== MODE_USR;
  }

  // ---- program status registers ----------------------------------------------------------------

  /** The APSR flags packed as CPSR[31:27] plus GE at [19:16]. */
  get apsr(): number {
    return ((this.n << 31) | (this.z << 30) | (this.c << 29) | (this.v << 28) | (this.q << 27) | (this.ge << 16)) >>> 0;
  }

  get cpsr(): number {
    return (
      (this.apsr |
        ((this.itState & 3) << 25) |
        (this.jazelle << 24) |
        ((this.itState >>> 2) << 10) |
        (this.bigEndian << 9) |
        (this.maskA << 8) |
        (this.maskI << 7) |
        (this.maskF << 6) |
        (this.thumb << 5) |
        this.mode) >>>
      0
    );
  }

  /** Writes the APSR flags (N, Z, C, V, Q, GE) from a PSR-format value. */
  setApsr(value: number): void {
    this.n = (value >>> 31) & 1;
    this.z = (value >>> 30) & 1;
    this.c = (value >>> 29) & 1;
    this.v = (value >>> 28) & 1;
    this.q = (value >>> 27) & 1;
    this.ge = (value >>> PSR_GE_SHIFT) & 0xf;
  }

  /**
   * Writes the CPSR bits selected by `mask` (a whole-register write is `0xffffffff`), switching the
   * register bank when the mode changes. The caller has already applied privilege rules. A mode value
   * this CPU does not implement is ignored (the documented choice for that UNPREDICTABLE case).
   */
  writeCpsr(value: number, mask = -1): void {
    const merged = (this.cpsr & ~mask) | (value & mask);
    this.setApsr(merged);
    this.itState = ((merged >>> 25) & 3) | (((merged >>> 10) & 0x3f) << 2);
    this.jazelle = (merged & PSR_J) !== 0 ? 1 : 0;
    this.bigEndian = (merged & PSR_E) !== 0 ? 1 : 0;
    this.maskA = (merged & PSR_A) !== 0 ? 1 : 0;
    this.maskI = (merged & PSR_I) !== 0 ? 1 : 0;
    this.maskF = (merged & PSR_F) !== 0 ? 1 : 0;
    this.thumb = (merged & PSR_T) !== 0 ? 1 : 0;
    const mode = merged & PSR_MODE_MASK;
    if (mode !== this.mode && bankOf(mode) >= 0) this.switchMode(mode);
    this.attention = 1;
  }

  /** SPSR of the current mode; USR/SYS have none (UNPREDICTABLE: reads 0, writes ignored). */
  get spsr(): number {
    const bank = bankOf(this.mode);
    return bank === BANK_USR ? 0 : this.spsrs[bank]! >>> 0;
  }

  set spsr(value: number) {
    const bank = bankOf(this.mode);
    if (bank !== BANK_USR) this.spsrs[bank] = value;
  }

  spsrOf(mode: number): number {
    const bank = bankOf(mode);
    return bank <= BANK_USR ? 0 : this.spsrs[bank]! >>> 0;
  }

  setSpsrOf(mode: number, value: number): void {
    const bank = bankOf(mode);
    if (bank > BANK_USR) this.spsrs[bank] = value;
  }

  // ---- banked registers ------------------------------------------------------------------------

  /** Changes CPSR.M, saving the current bank's registers and loading the new bank's. */
  switchMode(mode: number): void {
    const from = bankOf(this.mode);
    const to = bankOf(mode);
    if (to < 0) throw new RangeError(`not a mode: 0x${mode.toString(16)}`);
    if (from !== to) {
      const r = this.regs;
      this.bankedSp[from] = r[13]!;
      this.bankedLr[from] = r[14]!;
      if ((from === BANK_FIQ) !== (to === BANK_FIQ)) {
        for (let i = 0; i < 5; i++) {
          const t = r[8 + i]!;
          r[8 + i] = this.otherR8toR12[i]!;
          this.otherR8toR12[i] = t;
        }
      }
      r[13] = this.bankedSp[to]!;
      r[14] = this.bankedLr[to]!;
    }
    this.mode = mode;
  }

  /** Reads register `n` as seen by `mode` (for LDM/STM user-register forms and debuggers). */
  readRegisterOf(mode: number, n: number): number {
    const bank = bankOf(mode);
    const current = bankOf(this.mode);
    if (n < 8 || n === 15) return this.regs[n]!;
    if (n < 13) return (bank === BANK_FIQ) === (current === BANK_FIQ) ? this.regs[n]! : this.otherR8toR12[n - 8]!;
    if (bank === current) return this.regs[n]!;
    return n === 13 ? this.bankedSp[bank]! : this.bankedLr[bank]!;
  }

  writeRegisterOf(mode: number, n: number, value: number): void {
    const bank = bankOf(mode);
    const current = bankOf(this.mode);
    if (n < 8 || n === 15) this.regs[n] = value;
    else if (n < 13) {
      if ((bank === BANK_FIQ) === (current === BANK_FIQ)) this.regs[n] = value;
      else this.otherR8toR12[n - 8] = value;
    } else if (bank === current) this.regs[n] = value;
    else if (n === 13) this.bankedSp[bank] = value;
    else this.bankedLr[bank] = value;
  }

  /** A plain snapshot of r0–r15 (r15 = `pc`) and CPSR, unsigned. */
  snapshot(): { regs: number[]; cpsr: number } {
    const regs = Array.from(this.regs, (v) => v >>> 0);
    regs[15] = this.pc >>> 0;
    return { regs, cpsr: this.cpsr };
  }
}
