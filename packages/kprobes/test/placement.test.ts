import { describe, expect, it } from 'vitest';
import { KprobeError, Kprobes } from '../src/index.js';
import { boot, program } from './helpers.js';

/** rodata-after-text-Os: .rodata strings right after ARM code, with no mapping symbol of their own. */
function setup() {
  const p = program('rodata-after-text-Os');
  const { machine, out } = boot(p);
  const kprobes = new Kprobes(machine);
  const { symbols, code } = machine.program!;
  return { p, machine, out, kprobes, symbols, code };
}

function refusal(run: () => unknown): { code: string; message: string } | 'registered' {
  try {
    run();
    return 'registered';
  } catch (error) {
    if (!(error instanceof KprobeError)) throw error;
    return { code: error.code, message: error.message };
  }
}

const hex = (a: number) => `0x${a.toString(16).padStart(8, '0')}`;

describe('probes go on instructions only', () => {
  it('refuses the strings after the last function (a section without SHF_EXECINSTR)', () => {
    const { kprobes, machine, symbols, code } = setup();
    const parity = symbols.symbol('parity')!;
    const after = parity.address + parity.size;
    let strings = 0;
    for (let a = after; a < after + 32; a += 4) {
      const place = code.at(a);
      const got = refusal(() => kprobes.register({ address: a }));
      if (place.kind === 'outside') {
        // Alignment padding between .text and .rodata.
        expect(got).toEqual({
          code: 'outside-text',
          message: `outside-text: ${hex(a)} is outside the program's sections, not an instruction`,
        });
        continue;
      }
      expect(machine.memory.peek32(a)).not.toBe(0);
      expect(got).toEqual({
        code: 'in-data',
        message: `in-data: ${hex(a)} is data (in .rodata, which is not an executable section), not an instruction`,
      });
      strings++;
    }
    expect(strings).toBeGreaterThanOrEqual(7);
    expect(kprobes.probes()).toHaveLength(0);
  });

  it('refuses a literal pool inside a function, by address and as symbol+offset', () => {
    const { kprobes, symbols, code } = setup();
    const hash32 = symbols.symbol('hash32')!;
    const pool = symbols.mappingSymbols.find(
      (m) => m.state === 'data' && m.address > hash32.address && m.address < hash32.address + hash32.size,
    )!;
    expect(pool).toBeDefined();
    expect(code.at(pool.address).kind).toBe('data');
    const expected = {
      code: 'in-data',
      message: `in-data: ${hex(pool.address)} is data (a $d literal pool in .text), not an instruction`,
    };
    expect(refusal(() => kprobes.register({ address: pool.address }))).toEqual(expected);
    expect(refusal(() => kprobes.register({ symbol: 'hash32', offset: pool.address - hash32.address }))).toEqual(
      expected,
    );
    // The instruction before the pool is fine.
    expect(refusal(() => kprobes.register({ symbol: 'hash32', offset: pool.address - hash32.address - 4 }))).toBe(
      'registered',
    );
  });

  it('keeps symbol+offset inside the symbol (st_size)', () => {
    const { kprobes, symbols } = setup();
    const parity = symbols.symbol('parity')!;
    const last = kprobes.register({ symbol: 'parity', offset: parity.size - 4 });
    expect(last.symbol).toBe('parity');
    expect(refusal(() => kprobes.register({ symbol: 'parity', offset: parity.size }))).toEqual({
      code: 'outside-symbol',
      message: `outside-symbol: parity+0x${parity.size.toString(16)} is outside parity (${hex(parity.address)}, ${parity.size} bytes)`,
    });
    expect(refusal(() => kprobes.register({ symbol: 'parity', offset: 0x1000 }))).toMatchObject({
      code: 'outside-symbol',
    });
  });

  it('names a probe by the symbol containing it, and by none past every symbol', () => {
    const { kprobes, symbols } = setup();
    const value = symbols.symbol('value_at')!;
    const probe = kprobes.register({ address: value.address + 8 });
    expect([probe.symbol, probe.offset]).toEqual(['value_at', 8]);
  });

  it('a fully probed run leaves the strings intact', () => {
    const { p, machine, out, kprobes, code } = setup();
    kprobes.batch(() => {
      for (const r of code.ranges) {
        for (let a = r.start; a < r.end; a += 4) {
          try {
            kprobes.register({ address: a });
          } catch (error) {
            if (!(error instanceof KprobeError) || error.code !== 'rejected') throw error;
          }
        }
      }
    });
    const result = machine.run();
    expect(result.status).toBe(p.status);
    expect(out()).toBe(p.stdout);
  });
});
