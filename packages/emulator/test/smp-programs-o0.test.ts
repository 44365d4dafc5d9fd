import { describeSmpPrograms } from './smp-matrix.js';

describeSmpPrograms('-O0');
