/*
 * Where a listing keeps what it sorts when a program has too many symbols to sort on the JavaScript heap
 * within the listing's memory bound: a temporary file, written once in appended pieces and read back a page
 * at a time (the operating system's page cache, not the process, holds it). Bytes in memory serve the tests.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError } from '../errors.js';

/** Append-only storage read back at any offset. */
export interface ScratchStore {
  /** Appends `bytes`; returns the offset they start at. */
  append(bytes: Uint8Array): number;
  /** Fills `into` from `offset`; the bytes must have been appended. */
  readInto(offset: number, into: Uint8Array): void;
  /** Frees the storage (removes the file); the store is not used afterwards. */
  close(): void;
}

/** A store in memory (tests: the same code paths as a file, without one). */
export function memoryScratch(): ScratchStore {
  let bytes = new Uint8Array(4096);
  let end = 0;
  return {
    append(piece) {
      if (end + piece.length > bytes.length) {
        const larger = new Uint8Array(Math.max(2 * bytes.length, end + piece.length));
        larger.set(bytes.subarray(0, end));
        bytes = larger;
      }
      bytes.set(piece, end);
      end += piece.length;
      return end - piece.length;
    },
    readInto(offset, into) {
      if (offset + into.length > end) throw new RangeError(`scratch read ${offset}+${into.length} past ${end}`);
      into.set(bytes.subarray(offset, offset + into.length));
    },
    close() {
      bytes = new Uint8Array(0);
      end = 0;
    },
  };
}

/**
 * A temporary file in `directory` (default: the system's, `TMPDIR`), removed from the directory as soon as it
 * is open, so nothing is left behind however the process ends. A directory where no file can be made is a
 * CommandError naming it.
 */
export function temporaryFileScratch(directory: string = tmpdir()): ScratchStore {
  let fd: number;
  try {
    const dir = mkdtempSync(join(directory, 'armprobe-listing-'));
    const path = join(dir, 'symbols');
    fd = openSync(path, 'w+', 0o600);
    unlinkSync(path);
    rmdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CommandError(
      `cannot make a temporary file in ${directory} for the symbol index of a large program (${code}); set TMPDIR to a writable directory`,
      1,
    );
  }
  let end = 0;
  return {
    append(piece) {
      let done = 0;
      try {
        while (done < piece.length) done += writeSync(fd, piece, done, piece.length - done, end + done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new CommandError(`cannot write the temporary symbol index in ${directory} (${code})`, 1);
      }
      end += piece.length;
      return end - piece.length;
    },
    readInto(offset, into) {
      if (offset + into.length > end) throw new RangeError(`scratch read ${offset}+${into.length} past ${end}`);
      let got = 0;
      while (got < into.length) {
        const n = readSync(fd, into, got, into.length - got, offset + got);
        if (n === 0) throw new RangeError(`scratch file ends at ${offset + got}`);
        got += n;
      }
    },
    close() {
      closeSync(fd);
    },
  };
}
