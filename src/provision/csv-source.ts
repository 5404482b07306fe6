// Users from a CSV file (an HR export): a header row names the attributes, empty cells are null.
import { basename } from 'node:path';
import type { ExprValue } from '../expr/types.ts';
import { CsvError, parseCsv } from './csv.ts';
import { readSourceFile, SourceError, type SourceRecord, type UserSource } from './source.ts';

/** Options of a CSV source. */
export interface CsvSourceOptions {
  file: string;
  /** The column that identifies a user. */
  id: string;
  delimiter?: string;
}

/** A CSV file of users. */
export class CsvSource implements UserSource {
  readonly description: string;

  constructor(private readonly opts: CsvSourceOptions) {
    this.description = `csv ${basename(opts.file)}`;
  }

  /** Reads and parses the whole file. */
  async readAll(): Promise<SourceRecord[]> {
    return csvRecords(await readSourceFile(this.opts.file), this.opts, this.opts.file);
  }
}

/** The records of CSV text (named `file` in errors). */
export function csvRecords(text: string, opts: Omit<CsvSourceOptions, 'file'>, file: string): SourceRecord[] {
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(text, opts.delimiter ?? ',');
  } catch (e) {
    if (e instanceof CsvError) throw new SourceError(`${file}:${e.line}: ${e.message.replace(/^line \d+: /, '')}`);
    throw e;
  }
  if (rows.length === 0) throw new SourceError(`${file}: no header row`);
  const header = rows[0].fields.map((h) => h.trim());
  const idCol =
    header.indexOf(opts.id) >= 0
      ? header.indexOf(opts.id)
      : header.findIndex((h) => h.toLowerCase() === opts.id.toLowerCase());
  if (idCol < 0)
    throw new SourceError(`${file}:1: no column "${opts.id}" (the source id); columns: ${header.join(', ')}`);
  const seen = new Set<string>();
  const out: SourceRecord[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { fields, line } = rows[r];
    if (fields.length > header.length)
      throw new SourceError(`${file}:${line}: ${fields.length} fields, the header has ${header.length}`);
    const attributes: Record<string, ExprValue> = {};
    for (let c = 0; c < header.length; c++) {
      const v = fields[c];
      attributes[header[c]] = v === undefined || v === '' ? null : v;
    }
    const id = fields[idCol]?.trim();
    if (!id) throw new SourceError(`${file}:${line}: empty ${opts.id}`);
    if (seen.has(id)) throw new SourceError(`${file}:${line}: duplicate ${opts.id} "${id}"`);
    seen.add(id);
    out.push({ id, attributes });
  }
  return out;
}
