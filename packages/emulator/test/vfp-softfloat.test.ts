import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastDouble, fastSingle } from '../src/vfp/fast-path.js';
import { add, div, F32, F64, IXC, mul, mulAdd, sqrt } from '../src/vfp/softfloat.js';

const buf = new DataView(new ArrayBuffer(8));
function d2b(x: number): bigint {
  buf.setFloat64(0, x);
  return buf.getBigUint64(0);
}
function b2d(b: bigint): number {
  buf.setBigUint64(0, b);
  return buf.getFloat64(0);
}
function f2b(x: number): number {
  buf.setFloat32(0, x);
  return buf.getUint32(0);
}
function b2f(b: number): number {
  buf.setUint32(0, b);
  return buf.getFloat32(0);
}
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

/** Round-to-nearest results of the exact arithmetic equal IEEE doubles' (JavaScript's) for numbers. */
describe('softfloat (round to nearest, no NaNs) agrees with IEEE binary64/binary32', () => {
  it('double add, mul, div, sqrt', () => {
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        const st = { fpscr: 0 };
        expect(b2d(add(F64, d2b(x), d2b(y), st) as bigint)).toBe(x + y);
        expect(b2d(mul(F64, d2b(x), d2b(y), st) as bigint)).toBe(x * y);
        if (y !== 0) expect(b2d(div(F64, d2b(x), d2b(y), st) as bigint)).toBe(x / y);
        if (x >= 0) expect(b2d(sqrt(F64, d2b(x), st) as bigint)).toBe(Math.sqrt(x));
      }),
      { numRuns: 3000 },
    );
  });
  it('single add, mul, div, sqrt (double then fround is correctly rounded for these)', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.float({ noNaN: true }), (x, y) => {
        const st = { fpscr: 0 };
        expect(b2f(add(F32, f2b(x), f2b(y), st) as number)).toBe(Math.fround(x + y));
        expect(b2f(mul(F32, f2b(x), f2b(y), st) as number)).toBe(Math.fround(x * y));
        if (y !== 0) expect(b2f(div(F32, f2b(x), f2b(y), st) as number)).toBe(Math.fround(x / y));
        if (x >= 0) expect(b2f(sqrt(F32, f2b(x), st) as number)).toBe(Math.fround(Math.sqrt(x)));
      }),
      { numRuns: 3000 },
    );
  });
  it('fused multiply-add rounds once: (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104, not 0', () => {
    const st = { fpscr: 0 };
    const a = 1 + 2 ** -52;
    const b = 1 - 2 ** -52;
    expect(b2d(mulAdd(F64, d2b(-1), d2b(a), d2b(b), st) as bigint)).toBe(-(2 ** -104));
    expect(st.fpscr & IXC).toBe(0);
    expect(a * b - 1).toBe(0);
  });
});

/** The fast path (default FPSCR, finite normal results) writes what the exact path writes, flags included. */
describe('VFP fast path agrees with the exact path', () => {
  const exact = { vadd: add, vsub: add, vmul: mul, vdiv: div } as const;
  const ops = ['vadd', 'vsub', 'vmul', 'vdiv'] as const;
  // Operands near the edges too: tiny, huge, close in value (cancellation), equal exponents.
  const bits64 = fc.oneof(
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    fc.double({ noNaN: true }).map(d2b),
    fc.integer({ min: -2000, max: 2000 }).map((k) => d2b(k / 7)),
  );
  it('double precision', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.constantFrom(...ops), bits64, bits64, (op, a, b) => {
        const f64 = new Float64Array(3);
        const u = new BigUint64Array(f64.buffer);
        u[1] = a;
        u[2] = b;
        const fast = { fpscr: 0 };
        if (!fastDouble(f64, fast, op, 0, 1, 2)) return;
        taken++;
        const slow = { fpscr: 0 };
        const want = exact[op](F64, a, b, slow, op === 'vsub') as bigint;
        expect(u[0]).toBe(want);
        expect(fast.fpscr).toBe(slow.fpscr);
      }),
      { numRuns: 20000 },
    );
    // The shortcut must actually be taken for most of these operands (else this compares nothing).
    expect(taken).toBeGreaterThan(5000);
  });
  it('single precision', () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...ops),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (op, a, b) => {
          const f32 = new Float32Array(3);
          const u = new Uint32Array(f32.buffer);
          u[1] = a;
          u[2] = b;
          const fast = { fpscr: 0 };
          if (!fastSingle(f32, fast, op, 0, 1, 2)) return;
          taken++;
          const slow = { fpscr: 0 };
          const want = exact[op](F32, a, b, slow, op === 'vsub') as number;
          expect(u[0]).toBe(want >>> 0);
          expect(fast.fpscr).toBe(slow.fpscr);
        },
      ),
      { numRuns: 20000 },
    );
    // The shortcut must actually be taken for most of these operands (else this compares nothing).
    expect(taken).toBeGreaterThan(5000);
  });
});
