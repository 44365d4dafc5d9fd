import { KprobeError } from '@armprobe/kprobes';
import { describe, expect, it } from 'vitest';
import { internalErrorMessage } from '../src/errors.js';

describe('internal errors', () => {
  it('print the error type and message, not a stack trace (ARMPROBE_DEBUG adds the stack)', () => {
    const error = new KprobeError('no-slot-space', 'the kprobes area has no page left for instruction slots');
    const text = internalErrorMessage(error, false);
    expect(text).toBe(
      'armprobe: internal error: KprobeError: no-slot-space: the kprobes area has no page left for instruction slots\n',
    );
    expect(text).not.toMatch(/\n\s+at /);
    expect(internalErrorMessage(error, true)).toMatch(
      /^armprobe: internal error: KprobeError: no-slot-space: .*\n.*\n\s+at /,
    );
    expect(internalErrorMessage('plain', false)).toBe('armprobe: internal error: plain\n');
  });
});
