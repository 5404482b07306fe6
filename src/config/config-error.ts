// Configuration errors: every problem carries the file, line and column it comes from and the setting's path.

/** One problem found in a configuration file (line and column are 1-based; 0 when unknown). */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  /** The setting's path, e.g. `connectors[0].secretToken`; empty for the whole file. */
  path: string;
  /** What is wrong; never contains a secret value. */
  message: string;
}

/** Formats one problem as `ferry.yaml:12:5: connectors[0].secretToken: must be at least 12 characters`. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

/** A configuration that cannot be used: one or more problems, one per line of the message. */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  /** Every problem found, sorted by position. */
  readonly problems: readonly ConfigProblem[];
  /** The file of the first problem. */
  readonly file: string;
  /** The line of the first problem (1-based; 0 when unknown). */
  readonly line: number;
  /** The column of the first problem (1-based; 0 when unknown). */
  readonly column: number;
  /** The setting path of the first problem. */
  readonly path: string;

  constructor(problems: ConfigProblem | readonly ConfigProblem[]) {
    const list = sortProblems(Array.isArray(problems) ? problems : [problems as ConfigProblem]);
    if (list.length === 0) throw new TypeError('ConfigError needs at least one problem');
    super(list.map(formatProblem).join('\n'));
    this.problems = list;
    const first = list[0];
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.path = first.path;
  }
}

function sortProblems(list: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const out: ConfigProblem[] = [];
  for (const p of list) {
    const key = formatProblem(p);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** Formats a setting path from its segments: `['connectors', 0, 'mapping', 'name.givenName']` → `connectors[0].mapping["name.givenName"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
