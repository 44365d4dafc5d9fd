/**
 * The CP15 subset this CPU implements (ARM ARM B4.1, Cortex-A9 values): identification (MIDR, MPIDR,
 * CTR), SCTLR (with V = high vectors), VBAR, the thread ID registers, and the cache / branch-predictor
 * maintenance and CP15 barrier operations, which do nothing to state here but are reported as events
 * (the machine's architectural fetch model listens to them).
 */

/** A maintenance or barrier operation performed through CP15 (names as in the ARM ARM). */
export type Cp15OperationName =
  | 'ICIALLUIS'
  | 'BPIALLIS'
  | 'ICIALLU'
  | 'ICIMVAU'
  | 'BPIALL'
  | 'BPIMVA'
  | 'DCIMVAC'
  | 'DCISW'
  | 'DCCMVAC'
  | 'DCCSW'
  | 'DCCMVAU'
  | 'DCCIMVAC'
  | 'DCCISW'
  | 'CP15ISB'
  | 'CP15DSB'
  | 'CP15DMB';

export interface Cp15Operation {
  readonly name: Cp15OperationName;
  /** The value written (an address for the by-MVA forms, set/way for the others). */
  readonly value: number;
}

export type Cp15Listener = (operation: Cp15Operation) => void;

/** Key of a CP15 register: CRn, opc1, CRm, opc2 packed into one number. */
export function cp15Key(crn: number, opc1: number, crm: number, opc2: number): number {
  return (crn << 12) | (opc1 << 8) | (crm << 4) | opc2;
}

const OPERATIONS = new Map<number, Cp15OperationName>([
  [cp15Key(7, 0, 1, 0), 'ICIALLUIS'],
  [cp15Key(7, 0, 1, 6), 'BPIALLIS'],
  [cp15Key(7, 0, 5, 0), 'ICIALLU'],
  [cp15Key(7, 0, 5, 1), 'ICIMVAU'],
  [cp15Key(7, 0, 5, 4), 'CP15ISB'],
  [cp15Key(7, 0, 5, 6), 'BPIALL'],
  [cp15Key(7, 0, 5, 7), 'BPIMVA'],
  [cp15Key(7, 0, 6, 1), 'DCIMVAC'],
  [cp15Key(7, 0, 6, 2), 'DCISW'],
  [cp15Key(7, 0, 10, 1), 'DCCMVAC'],
  [cp15Key(7, 0, 10, 2), 'DCCSW'],
  [cp15Key(7, 0, 10, 4), 'CP15DSB'],
  [cp15Key(7, 0, 10, 5), 'CP15DMB'],
  [cp15Key(7, 0, 11, 1), 'DCCMVAU'],
  [cp15Key(7, 0, 14, 1), 'DCCIMVAC'],
  [cp15Key(7, 0, 14, 2), 'DCCISW'],
]);

/** Operations PL0 may perform (ARMv7: only the CP15 barriers). */
const PL0_OPERATIONS = new Set<Cp15OperationName>(['CP15ISB', 'CP15DSB', 'CP15DMB']);

export const MIDR_CORTEX_A9 = 0x413fc090;
export const CTR_CORTEX_A9 = 0x83338003;
/** SCTLR reset value: MMU/caches off, RES1 bits set, V = 0 (low vectors). */
export const SCTLR_RESET = 0x00c50078;
export const SCTLR_V = 1 << 13;
export const SCTLR_TE = 1 << 30;
export const SCTLR_EE = 1 << 25;

const MIDR = cp15Key(0, 0, 0, 0);
const CTR = cp15Key(0, 0, 0, 1);
const MPIDR = cp15Key(0, 0, 0, 5);
const SCTLR = cp15Key(1, 0, 0, 0);
const VBAR = cp15Key(12, 0, 0, 0);
const CONTEXTIDR = cp15Key(13, 0, 0, 1);
const TPIDRURW = cp15Key(13, 0, 0, 2);
const TPIDRURO = cp15Key(13, 0, 0, 3);
const TPIDRPRW = cp15Key(13, 0, 0, 4);

export class Cp15 {
  sctlr = SCTLR_RESET;
  vbar = 0;
  contextidr = 0;
  tpidrurw = 0;
  tpidruro = 0;
  tpidrprw = 0;
  readonly midr = MIDR_CORTEX_A9;
  readonly ctr = CTR_CORTEX_A9;
  /** MPIDR: multiprocessing format (bit 31), CPU index in Aff0. */
  readonly mpidr: number;
  private readonly listeners: Cp15Listener[] = [];

  constructor(cpuIndex: number) {
    this.mpidr = (0x80000000 | (cpuIndex & 0xff)) >>> 0;
  }

  onOperation(listener: Cp15Listener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Base address of the exception vectors (SCTLR.V selects 0xFFFF0000, else VBAR). */
  get vectorBase(): number {
    return (this.sctlr & SCTLR_V) !== 0 ? 0xffff0000 : this.vbar >>> 0;
  }

  /** MRC: the register's value, or undefined when the access is UNDEFINED (unknown register or privilege). */
  read(crn: number, opc1: number, crm: number, opc2: number, privileged: boolean): number | undefined {
    const key = cp15Key(crn, opc1, crm, opc2);
    if (key === TPIDRURW) return this.tpidrurw;
    if (key === TPIDRURO) return this.tpidruro;
    if (!privileged) return undefined;
    switch (key) {
      case MIDR:
        return this.midr;
      case CTR:
        return this.ctr;
      case MPIDR:
        return this.mpidr;
      case SCTLR:
        return this.sctlr;
      case VBAR:
        return this.vbar;
      case CONTEXTIDR:
        return this.contextidr;
      case TPIDRPRW:
        return this.tpidrprw;
      default:
        return undefined;
    }
  }

  /** MCR: false when the access is UNDEFINED. */
  write(crn: number, opc1: number, crm: number, opc2: number, value: number, privileged: boolean): boolean {
    const key = cp15Key(crn, opc1, crm, opc2);
    if (key === TPIDRURW) {
      this.tpidrurw = value >>> 0;
      return true;
    }
    const operation = OPERATIONS.get(key);
    if (operation !== undefined) {
      if (!privileged && !PL0_OPERATIONS.has(operation)) return false;
      for (const listener of this.listeners) listener({ name: operation, value: value >>> 0 });
      return true;
    }
    if (!privileged) return false;
    switch (key) {
      case SCTLR:
        this.sctlr = value >>> 0;
        return true;
      case VBAR:
        this.vbar = (value & ~0x1f) >>> 0;
        return true;
      case CONTEXTIDR:
        this.contextidr = value >>> 0;
        return true;
      case TPIDRURO:
        this.tpidruro = value >>> 0;
        return true;
      case TPIDRPRW:
        this.tpidrprw = value >>> 0;
        return true;
      default:
        return false;
    }
  }
}
