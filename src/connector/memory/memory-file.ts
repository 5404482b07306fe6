// The demo application's JSON file: written whole to a temp file then renamed over the old one, so a crash
// leaves either the old or the new file, never half of one. Writes requested while one runs are folded into
// one more write.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Attributes } from '../types.ts';
import { FerryError } from '../../errors/catalogue.ts';

/** The file's content. */
export interface MemorySnapshot {
  format: 1;
  /** The change counter (delta import watermark). */
  counter: number;
  types: Record<string, { anchor: string; attributes: Attributes; secrets?: Record<string, string> }[]>;
}

/** Reads the file; undefined when it does not exist yet. */
export function loadSnapshot(file: string): MemorySnapshot | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FerryError('internal', `The demo application file ${file} is not valid JSON.`, { cause: e });
  }
  const snap = data as Partial<MemorySnapshot> | null;
  if (snap?.format !== 1 || typeof snap.counter !== 'number' || typeof snap.types !== 'object' || snap.types === null) {
    throw new FerryError('internal', `The demo application file ${file} is not in the expected format (format 1).`);
  }
  return snap as MemorySnapshot;
}

/** Writes snapshots atomically, at most one at a time. */
export class SnapshotWriter {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly file: string,
    private readonly take: () => MemorySnapshot,
  ) {}

  /** Resolves once a snapshot taken after this call is on disk. */
  write(): Promise<void> {
    this.again = true;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no write is running (close waits for it). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (this.again) {
      this.again = false;
      // Taken synchronously: the snapshot holds every change made before this point.
      await writeAtomically(this.file, JSON.stringify(this.take()));
    }
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
