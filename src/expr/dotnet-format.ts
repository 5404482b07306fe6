// .NET custom date and time format strings (and the standard one-letter formats), en-US culture as Entra uses:
// reading a format into tokens, and writing a date with it. dotnet-parse-exact.ts reads dates with the same tokens.
import { dateParts, TICKS_PER_MS, type DateTimeValue } from './datetime.ts';

/** A format token: a specifier letter repeated `len` times, the UTC marker `Z`, or literal text. */
export type FormatToken =
  | { kind: 'spec'; ch: string; len: number }
  | { kind: 'utc' }
  | { kind: 'literal'; text: string };

/** Thrown for a format string .NET would reject (FormatException). */
export class DateFormatError extends Error {
  override readonly name: string = 'DateFormatError';
}

/** en-US month and day names (identical to the invariant culture's). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** en-US day names, Sunday first. */
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// en-US patterns of the standard formats; "r", "u" and "U" also convert the date to UTC (a no-op here).
const STANDARD: Readonly<Record<string, string>> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

const SPECIFIERS = new Set(['d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z']);

const cache = new Map<string, FormatToken[]>();

/** Reads a format string into tokens (cached: mappings use a handful of constant formats). */
export function tokenizeFormat(format: string): FormatToken[] {
  let tokens = cache.get(format);
  if (!tokens) {
    tokens = readFormat(format);
    if (cache.size > 1000) cache.clear();
    cache.set(format, tokens);
  }
  return tokens;
}

function readFormat(format: string): FormatToken[] {
  if (format === '') throw new DateFormatError('the format is empty');
  if (format.length === 1) {
    const standard = STANDARD[format];
    if (standard === undefined)
      throw new DateFormatError(
        `"${format}" is not a standard date format; write "%${format}" for the single specifier`,
      );
    return readFormat(standard);
  }
  const out: FormatToken[] = [];
  const literal = (text: string): void => {
    const last = out[out.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else out.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < format.length) {
    let ch = format[i];
    if (ch === '%') {
      // "%d": a single specifier, so that "d" is not read as the standard short date.
      const next = format[i + 1];
      if (next === undefined || next === '%') throw new DateFormatError('"%" must be followed by a format specifier');
      i++;
      ch = next;
      if (!SPECIFIERS.has(ch)) {
        literal(ch);
        i++;
        continue;
      }
      out.push({ kind: 'spec', ch, len: 1 });
      i++;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 >= format.length) throw new DateFormatError('the format ends with an escape character');
      literal(format[i + 1]);
      i += 2;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < format.length && format[j] !== ch) {
        if (format[j] === '\\' && j + 1 < format.length) j++;
        text += format[j];
        j++;
      }
      if (j >= format.length) throw new DateFormatError(`the quoted text starting at ${i} in the format is not closed`);
      literal(text);
      i = j + 1;
    } else if (ch === 'Z') {
      out.push({ kind: 'utc' });
      i++;
    } else if (ch === ':' || ch === '/') {
      out.push({ kind: 'spec', ch, len: 1 });
      i++;
    } else if (SPECIFIERS.has(ch)) {
      let j = i + 1;
      while (j < format.length && format[j] === ch) j++;
      const len = j - i;
      if ((ch === 'f' || ch === 'F') && len > 7)
        throw new DateFormatError(`"${ch.repeat(len)}": at most 7 fraction digits`);
      out.push({ kind: 'spec', ch, len });
      i = j;
    } else {
      literal(ch);
      i++;
    }
  }
  return out;
}

function digits(n: number, len: number): string {
  return String(n).padStart(len, '0');
}

/** Writes a date with a .NET format string (en-US); the date is shown in UTC, Entra's local time. */
export function formatDate(dt: DateTimeValue, format: string): string {
  const p = dateParts(dt.ms);
  const ticks = p.millisecond * TICKS_PER_MS + dt.sub;
  let out = '';
  for (const t of tokenizeFormat(format)) {
    if (t.kind === 'literal') {
      out += t.text;
      continue;
    }
    if (t.kind === 'utc') {
      out += 'Z';
      continue;
    }
    const len = t.len;
    const two = Math.min(len, 2);
    switch (t.ch) {
      case 'd':
        out += len <= 2 ? digits(p.day, len) : len === 3 ? DAY_NAMES[p.dayOfWeek].slice(0, 3) : DAY_NAMES[p.dayOfWeek];
        break;
      case 'M':
        out +=
          len <= 2 ? digits(p.month, len) : len === 3 ? MONTH_NAMES[p.month - 1].slice(0, 3) : MONTH_NAMES[p.month - 1];
        break;
      case 'y':
        out += len <= 2 ? digits(p.year % 100, len) : digits(p.year, len);
        break;
      case 'h':
        out += digits(p.hour % 12 === 0 ? 12 : p.hour % 12, two);
        break;
      case 'H':
        out += digits(p.hour, two);
        break;
      case 'm':
        out += digits(p.minute, two);
        break;
      case 's':
        out += digits(p.second, two);
        break;
      case 'f':
        out += digits(ticks, 7).slice(0, len);
        break;
      case 'F': {
        const f = digits(ticks, 7).slice(0, len).replace(/0+$/, '');
        // .NET drops a "." written just before an all-zero F fraction.
        if (f === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += f;
        break;
      }
      case 't':
        out += len === 1 ? (p.hour < 12 ? 'A' : 'P') : p.hour < 12 ? 'AM' : 'PM';
        break;
      case 'z':
        // Local time is UTC, so the offset is always zero.
        out += len === 1 ? '+0' : len === 2 ? '+00' : '+00:00';
        break;
      case 'K':
        out += dt.kind === 'utc' ? 'Z' : dt.kind === 'local' ? '+00:00' : '';
        break;
      case 'g':
        out += 'A.D.';
        break;
      default: // ':' and '/': the en-US separators.
        out += t.ch;
    }
  }
  return out;
}
