/**
 * Golden trampolines: the decoder's disassembly of the trampoline generated for representative probed
 * instructions, probe at 0x8000, trampoline at 0x9000, gate at 0xa000, probe id 7. Generated once, each
 * listing checked instruction by instruction (below) and by executing the same trampolines on the
 * emulator (execution.test.ts), then frozen.
 *
 * What was checked by hand, common to all: the frame is 72 bytes + stack use (`str r1, [sp, #-8]!` and
 * `push {r4, lr}` store 8 bytes below SP: 80); uregs[13] = sp + frame (the original SP), uregs[15] =
 * 0x8000 (literal at the pool's first word), CPSR at +64, ORIG_r0 at +68; r0 = 7, r1 = sp; `and r4, sp, #4`
 * / `sub sp, sp, r4` 8-byte-align SP for `blx r2` to the gate (0xa000) and `add sp, sp, r4` undoes it; the
 * PC slot is compared with 0x8000 before `msr CPSR_fs` (APSR_nzcvqg) restores the flags on both paths;
 * `exit` resumes at the handler's PC with `ldm sp, {r0-pc}`. Per case:
 * - direct (ADD, STR, PUSH, MOVNE): `ldm sp, {r0-lr}` restores SP last-in-list to the original, the
 *   probed word runs with condition AL (MOVNE → mov: the replacing `bne` already tested NE), then
 *   `b 0x8004`.
 * - LDR literal: PC slot ← 0x8004; r2 ← 0x8008 (the PC the instruction reads); the classifier's renamed
 *   copy `ldr r0, [r2, #16]` reads 0x8018, the original literal address; r0 → uregs[0].
 * - ADR (`add r0, pc, #4`): `add r0, r2, #4` with r2 = 0x8008 gives 0x800c → uregs[0].
 * - BL 0x8048: PC slot ← 0x8048, LR slot (+56) ← 0x8004.
 * - BEQ 0x7f00 (imm24 = −66): the replacing branch is `beq` (condition copied), the trampoline's PC
 *   slot ← 0x7f00 unconditionally.
 * - BLX 0x801a (H = 1: offset 16 + 2): PC slot ← 0x801b (bit 0: Thumb, as `ldm` interworks), LR ← 0x8004;
 *   the replacing branch is AL (a 0xF-space word).
 */
import { disassembleA32 } from '@armprobe/decoder';
import { describe, expect, it } from 'vitest';
import { planOptimization } from '../src/index.js';

interface Golden {
  readonly name: string;
  readonly word: number;
  readonly branch: string;
  readonly mode: 'direct' | 'relocated';
  readonly listing: readonly string[];
}

const GOLDEN: readonly Golden[] = [
  {
    name: 'ADD',
    word: 0xe0810002, // add r0, r1, r2
    branch: 'b 0x9000',
    mode: 'direct',
    listing: [
      '9000: sub sp, sp, #72 @ 0x48',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #72 @ 0x48',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #80] @ 0x906c',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #68] @ 0x9070',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #56] @ 0x9074',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #32] @ 0x906c',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x9064',
      '9054: msr CPSR_fs, r0',
      '9058: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '905c: add r0, r1, r2',
      '9060: b 0x8004',
      '9064: msr CPSR_fs, r0',
      '9068: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '906c: andeq r8, r0, r0',
      '9070: andeq r0, r0, r7',
      '9074: andeq sl, r0, r0',
    ],
  },
  {
    name: 'STR with stack use',
    word: 0xe52d1008, // str r1, [sp, #-8]!
    branch: 'b 0x9000',
    mode: 'direct',
    listing: [
      '9000: sub sp, sp, #80 @ 0x50',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #80 @ 0x50',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #80] @ 0x906c',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #68] @ 0x9070',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #56] @ 0x9074',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #32] @ 0x906c',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x9064',
      '9054: msr CPSR_fs, r0',
      '9058: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '905c: str r1, [sp, #-8]!',
      '9060: b 0x8004',
      '9064: msr CPSR_fs, r0',
      '9068: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '906c: andeq r8, r0, r0',
      '9070: andeq r0, r0, r7',
      '9074: andeq sl, r0, r0',
    ],
  },
  {
    name: 'PUSH',
    word: 0xe92d4010, // push {r4, lr}
    branch: 'b 0x9000',
    mode: 'direct',
    listing: [
      '9000: sub sp, sp, #80 @ 0x50',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #80 @ 0x50',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #80] @ 0x906c',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #68] @ 0x9070',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #56] @ 0x9074',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #32] @ 0x906c',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x9064',
      '9054: msr CPSR_fs, r0',
      '9058: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '905c: push {r4, lr}',
      '9060: b 0x8004',
      '9064: msr CPSR_fs, r0',
      '9068: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '906c: andeq r8, r0, r0',
      '9070: andeq r0, r0, r7',
      '9074: andeq sl, r0, r0',
    ],
  },
  {
    name: 'conditional MOV',
    word: 0x13a00001, // movne r0, #1
    branch: 'bne 0x9000',
    mode: 'direct',
    listing: [
      '9000: sub sp, sp, #72 @ 0x48',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #72 @ 0x48',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #80] @ 0x906c',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #68] @ 0x9070',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #56] @ 0x9074',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #32] @ 0x906c',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x9064',
      '9054: msr CPSR_fs, r0',
      '9058: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '905c: mov r0, #1',
      '9060: b 0x8004',
      '9064: msr CPSR_fs, r0',
      '9068: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '906c: andeq r8, r0, r0',
      '9070: andeq r0, r0, r7',
      '9074: andeq sl, r0, r0',
    ],
  },
  {
    name: 'LDR literal',
    word: 0xe59f0010, // ldr r0, [pc, #16]
    branch: 'b 0x9000',
    mode: 'relocated',
    listing: [
      '9000: sub sp, sp, #72 @ 0x48',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #72 @ 0x48',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #96] @ 0x907c',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #84] @ 0x9080',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #72] @ 0x9084',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #48] @ 0x907c',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x9074',
      '9054: msr CPSR_fs, r0',
      '9058: ldr r0, [pc, #40] @ 0x9088',
      '905c: str r0, [sp, #60] @ 0x3c',
      '9060: ldr r2, [pc, #36] @ 0x908c',
      '9064: ldr r0, [sp]',
      '9068: ldr r0, [r2, #16]',
      '906c: str r0, [sp]',
      '9070: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '9074: msr CPSR_fs, r0',
      '9078: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '907c: andeq r8, r0, r0',
      '9080: andeq r0, r0, r7',
      '9084: andeq sl, r0, r0',
      '9088: andeq r8, r0, r4',
      '908c: andeq r8, r0, r8',
    ],
  },
  {
    name: 'ADR',
    word: 0xe28f0004, // add r0, pc, #4
    branch: 'b 0x9000',
    mode: 'relocated',
    listing: [
      '9000: sub sp, sp, #72 @ 0x48',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #72 @ 0x48',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #96] @ 0x907c',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #84] @ 0x9080',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #72] @ 0x9084',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #48] @ 0x907c',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x9074',
      '9054: msr CPSR_fs, r0',
      '9058: ldr r0, [pc, #40] @ 0x9088',
      '905c: str r0, [sp, #60] @ 0x3c',
      '9060: ldr r2, [pc, #36] @ 0x908c',
      '9064: ldr r0, [sp]',
      '9068: add r0, r2, #4',
      '906c: str r0, [sp]',
      '9070: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '9074: msr CPSR_fs, r0',
      '9078: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '907c: andeq r8, r0, r0',
      '9080: andeq r0, r0, r7',
      '9084: andeq sl, r0, r0',
      '9088: andeq r8, r0, r4',
      '908c: andeq r8, r0, r8',
    ],
  },
  {
    name: 'BL',
    word: 0xeb000010, // bl 0x8048
    branch: 'b 0x9000',
    mode: 'relocated',
    listing: [
      '9000: sub sp, sp, #72 @ 0x48',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #72 @ 0x48',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #88] @ 0x9074',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #76] @ 0x9078',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #64] @ 0x907c',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #40] @ 0x9074',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x906c',
      '9054: msr CPSR_fs, r0',
      '9058: ldr r0, [pc, #32] @ 0x9080',
      '905c: str r0, [sp, #60] @ 0x3c',
      '9060: ldr r0, [pc, #28] @ 0x9084',
      '9064: str r0, [sp, #56] @ 0x38',
      '9068: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '906c: msr CPSR_fs, r0',
      '9070: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '9074: andeq r8, r0, r0',
      '9078: andeq r0, r0, r7',
      '907c: andeq sl, r0, r0',
      '9080: andeq r8, r0, r8, asr #32',
      '9084: andeq r8, r0, r4',
    ],
  },
  {
    name: 'BEQ',
    word: 0x0affffbe, // beq 0x7f00
    branch: 'beq 0x9000',
    mode: 'relocated',
    listing: [
      '9000: sub sp, sp, #72 @ 0x48',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #72 @ 0x48',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #80] @ 0x906c',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #68] @ 0x9070',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #56] @ 0x9074',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #32] @ 0x906c',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x9064',
      '9054: msr CPSR_fs, r0',
      '9058: ldr r0, [pc, #24] @ 0x9078',
      '905c: str r0, [sp, #60] @ 0x3c',
      '9060: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '9064: msr CPSR_fs, r0',
      '9068: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '906c: andeq r8, r0, r0',
      '9070: andeq r0, r0, r7',
      '9074: andeq sl, r0, r0',
      '9078: andeq r7, r0, r0, lsl #30',
    ],
  },
  {
    name: 'BLX (immediate)',
    word: 0xfb000004, // blx 0x801a
    branch: 'b 0x9000',
    mode: 'relocated',
    listing: [
      '9000: sub sp, sp, #72 @ 0x48',
      '9004: stm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr}',
      '9008: str r0, [sp, #68] @ 0x44',
      '900c: add r0, sp, #72 @ 0x48',
      '9010: str r0, [sp, #52] @ 0x34',
      '9014: ldr r0, [pc, #88] @ 0x9074',
      '9018: str r0, [sp, #60] @ 0x3c',
      '901c: mrs r0, CPSR',
      '9020: str r0, [sp, #64] @ 0x40',
      '9024: ldr r0, [pc, #76] @ 0x9078',
      '9028: mov r1, sp',
      '902c: and r4, sp, #4',
      '9030: sub sp, sp, r4',
      '9034: ldr r2, [pc, #64] @ 0x907c',
      '9038: blx r2',
      '903c: add sp, sp, r4',
      '9040: ldr r0, [sp, #60] @ 0x3c',
      '9044: ldr r1, [pc, #40] @ 0x9074',
      '9048: cmp r0, r1',
      '904c: ldr r0, [sp, #64] @ 0x40',
      '9050: bne 0x906c',
      '9054: msr CPSR_fs, r0',
      '9058: ldr r0, [pc, #32] @ 0x9080',
      '905c: str r0, [sp, #60] @ 0x3c',
      '9060: ldr r0, [pc, #28] @ 0x9084',
      '9064: str r0, [sp, #56] @ 0x38',
      '9068: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '906c: msr CPSR_fs, r0',
      '9070: ldm sp, {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, sl, fp, ip, sp, lr, pc}',
      '9074: andeq r8, r0, r0',
      '9078: andeq r0, r0, r7',
      '907c: andeq sl, r0, r0',
      '9080: andeq r8, r0, fp, lsl r0',
      '9084: andeq r8, r0, r4',
    ],
  },
];

function listing(words: readonly number[], base: number): string[] {
  return words.map((w, i) => {
    const a = base + 4 * i;
    const d = disassembleA32(w, a);
    return `${a.toString(16)}: ${d.text.replace('\t', ' ')}${d.comment ? ` @ ${d.comment}` : ''}`;
  });
}

describe('golden trampolines', () => {
  for (const g of GOLDEN) {
    it(`${g.name}: ${g.listing.length} words`, () => {
      const plan = planOptimization({
        address: 0x8000,
        word: g.word,
        slotAddress: 0x9000,
        gateAddress: 0xa000,
        probeId: 7,
        hasPostHandler: false,
      });
      if (!plan.ok) throw new Error(plan.detail);
      expect(disassembleA32(plan.branchWord, 0x8000).text.replace('\t', ' ')).toBe(g.branch);
      expect(plan.trampoline.mode).toBe(g.mode);
      expect(listing(plan.trampoline.words, 0x9000)).toEqual(g.listing);
      expect(plan.trampoline.gateReturn).toBe(0x903c);
      expect(plan.trampoline.returnAddress).toBe(0x8004);
    });
  }
});
