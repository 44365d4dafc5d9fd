/**
 * The pt_regs view handlers see: r0–r15, CPSR and ORIG_r0, 18 words like the kernel's `struct pt_regs`
 * (`uregs[15]` is the PC of the probed instruction, `uregs[16]` the CPSR). Handlers may change any of it;
 * changes are written back to the CPU when the handler returns. Like the kernel's pt_regs on the exception
 * stack, the view is only valid during the handler call: copy what you want to keep.
 */
export class PtRegs {
  /** r0–r15, CPSR, ORIG_r0 (unsigned 32-bit values). */
  readonly uregs = new Uint32Array(18);

  get pc(): number {
    return this.uregs[15]!;
  }
  set pc(v: number) {
    this.uregs[15] = v;
  }
  get lr(): number {
    return this.uregs[14]!;
  }
  set lr(v: number) {
    this.uregs[14] = v;
  }
  get sp(): number {
    return this.uregs[13]!;
  }
  set sp(v: number) {
    this.uregs[13] = v;
  }
  get cpsr(): number {
    return this.uregs[16]!;
  }
  set cpsr(v: number) {
    this.uregs[16] = v;
  }

  /** Register rN (0–15). */
  r(n: number): number {
    return this.uregs[n & 15]!;
  }
  setR(n: number, v: number): void {
    this.uregs[n & 15] = v;
  }

  /** The function-call arguments r0–r3 (AAPCS), a convenience for handlers. */
  args(): [number, number, number, number] {
    return [this.uregs[0]!, this.uregs[1]!, this.uregs[2]!, this.uregs[3]!];
  }
}

/** CPSR bits a handler may change through pt_regs: N Z C V Q and GE (the mode and state stay). */
export const PT_REGS_CPSR_WRITABLE = 0xf80f0000;
