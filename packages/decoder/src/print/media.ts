import type { MediaInsn } from '../a32/media.js';
import type { FormatterTable } from './table.js';

export const mediaFormatters: FormatterTable<MediaInsn> = {};
