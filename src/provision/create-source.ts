// Builds the source a mapping file names.
import { CsvSource } from './csv-source.ts';
import { JsonSource } from './json-source.ts';
import type { SourceConfig } from './mapping-file.ts';
import type { UserSource } from './source.ts';

/** The source of a mapping file's `source` section (file already absolute). */
export function createSource(cfg: SourceConfig): UserSource {
  switch (cfg.kind) {
    case 'csv':
      return new CsvSource({ file: cfg.file, id: cfg.id, delimiter: cfg.delimiter });
    case 'json':
      return new JsonSource({ file: cfg.file, id: cfg.id });
  }
}
