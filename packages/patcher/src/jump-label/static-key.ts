import { ARM_NOP, encodeB } from '@armprobe/decoder';
import type { Plan, PlanOptions } from '../plan/plan.js';
import { plan } from '../plan/plan.js';
import type { PatchRequest } from '../request.js';

/** The architected NOP (hint 0, in the A3.5.4 safe set). */
export const ARCHITECTED_NOP = ARM_NOP;
/** The ARM kernel's jump-label NOP, `mov r0, r0` (outside the safe set). */
export const KERNEL_JUMP_LABEL_NOP = 0xe1a00000;

/**
 * Which NOP a disabled site holds: `architected` (safe set ⇒ every flip is direct, all sites of a key
 * under one `syncCores`) or `kernel` (`mov r0, r0`, as arch/arm does ⇒ every flip needs a rendezvous).
 */
export type JumpLabelNop = 'architected' | 'kernel';

/** A jump-label site: an ARM word that is a NOP while its key says "fall through" and `B target` otherwise. */
export interface JumpSite {
  readonly address: number;
  readonly target: number;
  /** Branch while the key is disabled instead of while it is enabled (`static_branch_likely`). */
  readonly inverted?: boolean;
}

export interface StaticKeyOptions {
  readonly nop?: JumpLabelNop;
  readonly enabled?: boolean;
  readonly sites?: readonly JumpSite[];
}

/** The requests and the plan that move a key's sites to a new state (execute the plan to apply it). */
export interface JumpLabelUpdate {
  readonly requests: readonly PatchRequest[];
  readonly plan: Plan;
}

/**
 * A static key (the kernel's `struct static_key`) over ARM-state sites. `enable()`/`disable()` return
 * the requests and the plan for the flip and record the new state; they do not touch memory.
 */
export class StaticKey {
  readonly nop: JumpLabelNop;
  #enabled: boolean;
  readonly #sites: JumpSite[] = [];

  constructor(options: StaticKeyOptions = {}) {
    this.nop = options.nop ?? 'architected';
    this.#enabled = options.enabled ?? false;
    for (const site of options.sites ?? []) this.addSite(site);
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get sites(): readonly JumpSite[] {
    return this.#sites;
  }

  /** The NOP word this key's sites use. */
  get nopWord(): number {
    return this.nop === 'architected' ? ARCHITECTED_NOP : KERNEL_JUMP_LABEL_NOP;
  }

  /**
   * Adds a site. Throws RangeError for a misaligned site, the decoder's `EncodeError` if
   * `B target` cannot be encoded there. The site's text
   * must hold `wordFor(site)`.
   */
  addSite(site: JumpSite): void {
    if (!Number.isInteger(site.address) || site.address % 4 !== 0) {
      throw new RangeError(`jump-label site ${site.address} is not a word-aligned ARM address`);
    }
    encodeB(site.address, site.target);
    if (this.#sites.some((s) => s.address === site.address)) {
      throw new RangeError(`jump-label site ${site.address} added twice`);
    }
    this.#sites.push({ ...site });
  }

  /** The word a site holds when the key is in state `enabled` (default: the current state). */
  wordFor(site: JumpSite, enabled = this.#enabled): number {
    const branch = enabled !== (site.inverted === true);
    return branch ? encodeB(site.address, site.target) : this.nopWord;
  }

  enable(options: PlanOptions = {}): JumpLabelUpdate {
    return this.#set(true, options);
  }

  disable(options: PlanOptions = {}): JumpLabelUpdate {
    return this.#set(false, options);
  }

  #set(enabled: boolean, options: PlanOptions): JumpLabelUpdate {
    const requests: PatchRequest[] =
      enabled === this.#enabled
        ? []
        : this.#sites.map((site) => ({
            address: site.address,
            isa: 'arm',
            width: 4,
            old: this.wordFor(site, this.#enabled),
            new: this.wordFor(site, enabled),
            purpose: 'jump-label',
          }));
    const update = { requests, plan: plan(requests, options) };
    this.#enabled = enabled;
    return update;
  }
}
