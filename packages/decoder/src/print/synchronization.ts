/** objdump's spelling of SWP/SWPB, the exclusives and the ARMv8 load-acquire/store-release forms. */
import type { LoadAcquireStoreReleaseInsn, LoadStoreExclusiveInsn, SwapInsn } from '../a32/synchronization.js';
import { cond, type Disassembly, reg, UNPREDICTABLE } from './format.js';
import type { FormatterTable } from './table.js';

function formatSwap(i: SwapInsn): Disassembly {
  const unpredictable = i.rt === 15 || i.rt2 === 15 || i.rn === 15 || i.rt === i.rn || i.rt2 === i.rn;
  return {
    text: `${i.op}${cond(i.cond)}\t${reg(i.rt)}, ${reg(i.rt2)}, [${reg(i.rn)}]`,
    comment: unpredictable ? UNPREDICTABLE : null,
  };
}

/*
 * objdump prints LDREXD and STREXD without the second register of the pair (LDAEXD/STLEXD name it), LDREX's
 * Rt as a raw number (`r13`), and marks PC as UNPREDICTABLE only in some of these operands.
 */
function formatExclusive(i: LoadStoreExclusiveInsn): Disassembly {
  const mnemonic = i.op + cond(i.cond);
  const address = `[${reg(i.rn)}]`;
  let unpredictable = i.rn === 15;
  let text: string;
  if (i.load) {
    if (i.op === 'ldrex') text = `${mnemonic}\tr${i.rt}, ${address}`;
    else if (i.op === 'ldaexd') text = `${mnemonic}\t${reg(i.rt)}, ${reg(i.rt2)}, ${address}`;
    else {
      text = `${mnemonic}\t${reg(i.rt)}, ${address}`;
      if (i.op === 'ldrexb' || i.op === 'ldrexh') unpredictable ||= i.rt === 15;
    }
  } else if (i.op === 'stlexd') text = `${mnemonic}\t${reg(i.rd)}, ${reg(i.rt)}, ${reg(i.rt2)}, ${address}`;
  else {
    text = `${mnemonic}\t${reg(i.rd)}, ${reg(i.rt)}, ${address}`;
    if (!i.acquireRelease) unpredictable ||= i.rd === 15 || (i.size !== 8 && i.rt === 15);
  }
  return { text, comment: unpredictable ? UNPREDICTABLE : null };
}

function formatAcquireRelease(i: LoadAcquireStoreReleaseInsn): Disassembly {
  return {
    text: `${i.op}${cond(i.cond)}\t${reg(i.rt)}, [${reg(i.rn)}]`,
    comment: i.rn === 15 ? UNPREDICTABLE : null,
  };
}

export const synchronizationFormatters: FormatterTable<
  SwapInsn | LoadStoreExclusiveInsn | LoadAcquireStoreReleaseInsn
> = {
  swap: formatSwap,
  loadStoreExclusive: formatExclusive,
  loadAcquireStoreRelease: formatAcquireRelease,
};
