/**
 * 32-bit Thumb loads and stores (A6.3.7–A6.3.11 and the load/store dual, exclusive, acquire/release and table-branch space of A6.3.6): single data items in every addressing mode incl. literal and unprivileged forms, PLD/PLI, LDRD/STRD, LDREX/STREX family, LDA/STL family, TBB/TBH.
 */
import type { ThumbRow } from '../thumb/row.js';

export const t32LoadStoreRows: readonly ThumbRow[] = [];
