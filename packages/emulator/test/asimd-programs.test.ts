import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/index.js';

/*
 * A -O3 NEON program committed with the decoder's listing fixtures (fixtures/glibc/bin/neon-loops-O3.elf,
 * `-static -mfpu=neon-vfpv4 -O3 -ftree-vectorize` of scripts/fixtures/glibc/neon-loops.c: VLD1/VST1 with
 * alignment and post-index, VLD3, widening multiplies, VMOVN, VRHADD, VPADD, f32 arithmetic) runs to completion
 * and prints what qemu-arm 7.2 printed (fixtures/glibc/neon-loops-O3.stdout). The glibc-programs suite runs the
 * other NEON program, neon-kernels.c, in both states.
 */
const GLIBC = join(__dirname, '../../../fixtures/glibc');

describe('Advanced SIMD programs', () => {
  it('neon-loops-O3.elf prints what qemu-arm prints and exits 0', () => {
    let stdout = '';
    let stderr = '';
    const decoder = new TextDecoder('latin1');
    const machine = new Machine({
      onStdout: (b) => {
        stdout += decoder.decode(b);
      },
      onStderr: (b) => {
        stderr += decoder.decode(b);
      },
    });
    machine.loadElf(new Uint8Array(readFileSync(join(GLIBC, 'bin/neon-loops-O3.elf'))), {
      argv: ['/neon-loops-O3.elf'],
      envp: [],
    });
    const result = machine.run({ maxInstructions: 50_000_000 });
    expect({ reason: result.reason, status: result.status, stdout, stderr }).toEqual({
      reason: 'exit',
      status: 0,
      stdout: readFileSync(join(GLIBC, 'neon-loops-O3.stdout'), 'latin1'),
      stderr: '',
    });
  });
});
