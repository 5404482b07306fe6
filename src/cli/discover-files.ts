// File helpers of the discover commands (REST and SOAP): reading a document given on the command line, and the
// path a project records for it.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { DiscoveryError } from '../webservice/discovery/discovered-service.ts';

/** The options both discover commands take. */
export interface DiscoverOptions {
  project?: string;
  service?: string;
  json?: boolean;
  prune?: boolean;
  force?: boolean;
  insecure?: boolean;
  ca?: string;
  endpoint?: string;
}

/** A file's text; a DiscoveryError naming the flag when it cannot be read. */
export function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new DiscoveryError(
      `${flag}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}

/** `document` as the project file records it: relative to the project's folder when it lies below it. */
export function relativeTo(projectFile: string, document: string): string {
  const abs = resolve(document);
  const rel = relative(dirname(resolve(projectFile)), abs);
  return rel === '' || isAbsolute(rel) ? abs : rel.split('\\').join('/');
}

/** The inverse of relativeTo: a recorded source as a path from here (URLs and absolute paths as they are). */
export function recordedPath(projectFile: string, source: string, isUrl: boolean): string {
  return isUrl || isAbsolute(source) ? source : join(dirname(projectFile), source);
}
