import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/index.js';
import { CODE, DATA } from './helpers.js';

/**
 * Every 32-bit word, from any register state, in USR or SVC mode: the machine either retires the instruction,
 * takes an exception, or stops with a typed guest fault — never a host exception or an internal error.
 */
describe('robustness', () => {
  it('random words from random states never crash the host (property)', () => {
    const m = new Machine({ linuxUser: false });
    m.memory.map(CODE, 0x1000, 'rwx');
    m.memory.map(DATA, 0x1000, 'rw');
    const cpu = m.cpus[0]!;
    const reasons = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: DATA, max: DATA + 0xfff })), {
          minLength: 15,
          maxLength: 15,
        }),
        fc.boolean(),
        fc.integer({ min: 0, max: 0x1f }),
        (word, regs, user, flags) => {
          m.memory.poke32(CODE, word);
          m.memory.poke32(CODE + 4, 0xe320f000);
          cpu.writeCpsr((user ? 0x10 : 0x13) | (flags << 27), -1);
          regs.forEach((v, i) => {
            cpu.regs[i] = v;
          });
          cpu.pc = CODE;
          const result = m.run({ maxInstructions: 1 });
          reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1);
          expect(result.error?.code).not.toBe('internal-error');
          expect(['limit', 'fault']).toContain(result.reason);
          if (result.reason === 'fault') expect(result.fault ?? result.error).toBeDefined();
        },
      ),
      { numRuns: 5000, seed: 7 },
    );
    expect(reasons.get('limit')).toBeGreaterThan(1000);
  });
});
