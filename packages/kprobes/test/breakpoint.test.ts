import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { armBreakpointFor, isArmBreakpoint, isThumb16Breakpoint, isThumb32Breakpoint } from '../src/index.js';

describe('kprobe breakpoints', () => {
  it('copies the probed condition, using 0xE for AL and the 0xF space', () => {
    expect(armBreakpointFor(0xe0810002)).toBe(0xe7f001f8);
    expect(armBreakpointFor(0x10810002)).toBe(0x17f001f8);
    expect(armBreakpointFor(0x00810002)).toBe(0x07f001f8);
    expect(armBreakpointFor(0xd0810002)).toBe(0xd7f001f8);
    expect(armBreakpointFor(0xf57ff05b)).toBe(0xe7f001f8);
  });

  it('every generated breakpoint matches the hook rule, whatever the probed word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (w) => {
        const bp = armBreakpointFor(w);
        expect(isArmBreakpoint(bp)).toBe(true);
        expect(bp >>> 28).toBe(w >>> 0 >= 0xe0000000 ? 0xe : w >>> 28);
      }),
    );
  });

  it('the hook rule matches nothing but the breakpoint family', () => {
    expect(isArmBreakpoint(0xe7f001f9)).toBe(false);
    expect(isArmBreakpoint(0xe7f000f0)).toBe(false);
    expect(isThumb16Breakpoint(0xde18)).toBe(true);
    expect(isThumb16Breakpoint(0xde19)).toBe(false);
    expect(isThumb32Breakpoint(0xf7f0, 0xa018)).toBe(true);
    expect(isThumb32Breakpoint(0xf7f0, 0xa019)).toBe(false);
  });
});
