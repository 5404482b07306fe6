// SAP selection ranges (select-options): rows of SIGN (I include / E exclude), OPTION (EQ NE GT GE LT LE BT NB CP
// NP), LOW and HIGH. A value is selected when some I row matches (or there is none) and no E row matches; ranges
// on different fields are AND-ed. CP/NP patterns use * (any text) and + (one character).

/** One row of a range (BAPIUSSRGE without PARAMETER/FIELD). */
export interface RangeRow {
  sign: string;
  option: string;
  low: string;
  high: string;
}

const OPTIONS = new Set(['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'BT', 'NB', 'CP', 'NP']);

/** Why a range row is refused, or undefined when it is valid. */
export function rangeProblem(r: RangeRow): string | undefined {
  if (r.sign !== 'I' && r.sign !== 'E') return `SIGN must be I or E, not "${r.sign}"`;
  if (!OPTIONS.has(r.option)) return `OPTION "${r.option}" is not a selection option`;
  return undefined;
}

function patternRegex(p: string): RegExp {
  const body = [...p]
    .map((c) => (c === '*' ? '.*' : c === '+' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** Whether one row matches a value (SAP compares character by character: code point order). */
export function rowMatches(r: RangeRow, v: string): boolean {
  switch (r.option) {
    case 'EQ':
      return v === r.low;
    case 'NE':
      return v !== r.low;
    case 'GT':
      return v > r.low;
    case 'GE':
      return v >= r.low;
    case 'LT':
      return v < r.low;
    case 'LE':
      return v <= r.low;
    case 'BT':
      return v >= r.low && v <= r.high;
    case 'NB':
      return v < r.low || v > r.high;
    case 'CP':
      return patternRegex(r.low).test(v);
    case 'NP':
      return !patternRegex(r.low).test(v);
    default:
      return false;
  }
}

/** Whether a value is selected by the rows of one field's range. */
export function rangeMatches(rows: RangeRow[], v: string): boolean {
  const inc = rows.filter((r) => r.sign === 'I');
  const exc = rows.filter((r) => r.sign === 'E');
  return (inc.length === 0 || inc.some((r) => rowMatches(r, v))) && !exc.some((r) => rowMatches(r, v));
}

function globOf(p: string): string {
  // GLOB is case-sensitive like SAP; its own specials are escaped with brackets.
  return [...p]
    .map((c) => (c === '*' ? '*' : c === '+' ? '?' : c === '?' || c === '[' || c === ']' ? `[${c}]` : c))
    .join('');
}

function rowSql(r: RangeRow, col: string, params: string[]): string {
  const p = (v: string) => (params.push(v), '?');
  switch (r.option) {
    case 'EQ':
      return `${col} = ${p(r.low)}`;
    case 'NE':
      return `${col} <> ${p(r.low)}`;
    case 'GT':
      return `${col} > ${p(r.low)}`;
    case 'GE':
      return `${col} >= ${p(r.low)}`;
    case 'LT':
      return `${col} < ${p(r.low)}`;
    case 'LE':
      return `${col} <= ${p(r.low)}`;
    case 'BT':
      return `${col} BETWEEN ${p(r.low)} AND ${p(r.high)}`;
    case 'NB':
      return `${col} NOT BETWEEN ${p(r.low)} AND ${p(r.high)}`;
    case 'CP':
      return `${col} GLOB ${p(globOf(r.low))}`;
    case 'NP':
      return `${col} NOT GLOB ${p(globOf(r.low))}`;
    default:
      return '0';
  }
}

/** The range of one column as an SQL condition (same meaning as rangeMatches). */
export function rangeSql(rows: RangeRow[], col: string): { sql: string; params: string[] } {
  const params: string[] = [];
  const inc = rows.filter((r) => r.sign === 'I').map((r) => rowSql(r, col, params));
  const exc = rows.filter((r) => r.sign === 'E').map((r) => rowSql(r, col, params));
  const parts: string[] = [];
  if (inc.length) parts.push(`(${inc.join(' OR ')})`);
  if (exc.length) parts.push(`NOT (${exc.join(' OR ')})`);
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}
