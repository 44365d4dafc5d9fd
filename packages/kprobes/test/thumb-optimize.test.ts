/** Thumb optprobes on the -O2/-Os Thumb fixture programs (every instruction probed with optimize; see optimize-lib.ts). */
import { describeThumbOptimized } from './thumb/optimize-lib.js';

describeThumbOptimized((name) => !name.endsWith('-O0'));
