/** Thumb optprobes on the -O0 Thumb fixture programs: the same checks as thumb-optimize.test.ts (see optimize-lib.ts). */
import { describeThumbOptimized } from './thumb/optimize-lib.js';

describeThumbOptimized((name) => name.endsWith('-O0'));
