import { describeEveryThumbInstruction } from './thumb/every-insn-lib.js';

describeEveryThumbInstruction((name) => !name.endsWith('-O0'));
