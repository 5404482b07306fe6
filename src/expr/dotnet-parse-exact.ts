// .NET DateTime.ParseExact with a custom format and DateTimeStyles, en-US culture, local time = UTC (Entra's
// servers): what FormatDateTime reads its source with.
import { dateParts, daysInMonth, MAX_MS, MIN_MS, TICKS_PER_MS, utcMs, type DateKind } from './datetime.ts';
import { DAY_NAMES, MONTH_NAMES, tokenizeFormat } from './dotnet-format.ts';
import type { ParsedDate } from './date-parse.ts';

/** The DateTimeStyles flags that change how ParseExact reads (names as in .NET, matched case-insensitively). */
export interface DateStyles {
  allowLeadingWhite: boolean;
  allowTrailingWhite: boolean;
  allowInnerWhite: boolean;
  noCurrentDateDefault: boolean;
  adjustToUniversal: boolean;
  assumeLocal: boolean;
  assumeUniversal: boolean;
  roundtripKind: boolean;
}

/** Entra's default when dateTimeStyles is left empty: RoundtripKind, AllowLeadingWhite, AllowTrailingWhite. */
export const DEFAULT_STYLES: DateStyles = {
  allowLeadingWhite: true,
  allowTrailingWhite: true,
  allowInnerWhite: false,
  noCurrentDateDefault: false,
  adjustToUniversal: false,
  assumeLocal: false,
  assumeUniversal: false,
  roundtripKind: true,
};

const STYLE_BITS: ReadonlyArray<[string, number, (keyof DateStyles)[]]> = [
  ['none', 0, []],
  ['allowleadingwhite', 1, ['allowLeadingWhite']],
  ['allowtrailingwhite', 2, ['allowTrailingWhite']],
  ['allowinnerwhite', 4, ['allowInnerWhite']],
  ['allowwhitespaces', 7, ['allowLeadingWhite', 'allowTrailingWhite', 'allowInnerWhite']],
  ['nocurrentdatedefault', 8, ['noCurrentDateDefault']],
  ['adjusttouniversal', 16, ['adjustToUniversal']],
  ['assumelocal', 32, ['assumeLocal']],
  ['assumeuniversal', 64, ['assumeUniversal']],
  ['roundtripkind', 128, ['roundtripKind']],
];

/** Reads "AssumeUniversal, AdjustToUniversal" (names, "|" or "," separated, or the numeric value); null if unknown. */
export function parseStyles(text: string): DateStyles | null {
  const styles: DateStyles = {
    ...DEFAULT_STYLES,
    allowLeadingWhite: false,
    allowTrailingWhite: false,
    roundtripKind: false,
  };
  const set = (keys: (keyof DateStyles)[]): void => {
    for (const k of keys) styles[k] = true;
  };
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n > 255) return null;
    for (const [, bit, keys] of STYLE_BITS) if (bit !== 0 && bit !== 7 && (n & bit) === bit) set(keys);
    return styles;
  }
  for (const part of trimmed.split(/[|,]/)) {
    const name = part
      .trim()
      .replace(/^DateTimeStyles\./i, '')
      .toLowerCase();
    const entry = STYLE_BITS.find(([n]) => n === name);
    if (!entry) return null;
    set(entry[2]);
  }
  return styles;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** Parses `text` with a .NET custom format; null when it does not match (ParseExact's FormatException). */
export function parseExact(text: string, format: string, styles: DateStyles, now: Date): ParsedDate | null {
  const tokens = tokenizeFormat(format);
  let s = text;
  if (styles.allowLeadingWhite) s = s.replace(/^\s+/, '');
  if (styles.allowTrailingWhite) s = s.replace(/\s+$/, '');
  let i = 0;
  let year = -1;
  let twoDigitYear = false;
  let month = -1;
  let day = -1;
  let dayOfWeek = -1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ticks = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let utc = false;

  const skipInner = (): void => {
    if (styles.allowInnerWhite) while (isSpace(s[i])) i++;
  };
  // Reads between min and max digits; null when fewer than min.
  const num = (min: number, max: number): number | null => {
    let j = i;
    while (j < s.length && j - i < max && s[j] >= '0' && s[j] <= '9') j++;
    if (j - i < min) return null;
    const n = Number(s.slice(i, j));
    i = j;
    return n;
  };
  const word = (names: string[], abbreviated: boolean): number => {
    // Longest match first, case-insensitively, as .NET matches month and day names.
    let best = -1;
    let bestLen = 0;
    names.forEach((full, k) => {
      const name = abbreviated ? full.slice(0, 3) : full;
      if (name.length > bestLen && s.slice(i, i + name.length).toLowerCase() === name.toLowerCase()) {
        best = k;
        bestLen = name.length;
      }
    });
    i += bestLen;
    return best;
  };
  const offsetAt = (len: number): number | null => {
    const sign = s[i];
    if (sign !== '+' && sign !== '-') return null;
    i++;
    const h = num(len === 2 || len >= 3 ? 2 : 1, 2);
    if (h === null) return null;
    let m = 0;
    if (len >= 3) {
      if (s[i] === ':') i++;
      const mm = num(2, 2);
      if (mm === null) return null;
      m = mm;
    }
    if (h > 14 || m > 59 || h * 60 + m > 14 * 60) return null;
    return (sign === '-' ? -1 : 1) * (h * 60 + m);
  };

  for (const t of tokens) {
    if (t.kind === 'literal') {
      for (const ch of t.text) {
        if (isSpace(ch)) {
          if (styles.allowInnerWhite) {
            skipInner();
            continue;
          }
          if (s[i] !== ch) return null;
          i++;
        } else {
          skipInner();
          if (s[i] !== ch) return null;
          i++;
        }
      }
      continue;
    }
    skipInner();
    if (t.kind === 'utc') {
      if (s[i] === 'Z' || s[i] === 'z') i++;
      else if (s.slice(i, i + 3).toUpperCase() === 'GMT') i += 3;
      else return null;
      utc = true;
      offset = 0;
      continue;
    }
    const len = t.len;
    let v: number | null;
    switch (t.ch) {
      case 'y':
        v = num(len === 1 ? 1 : len, len === 1 ? 2 : len);
        if (v === null) return null;
        year = v;
        twoDigitYear = len <= 2;
        break;
      case 'M':
        if (len <= 2) {
          v = num(len, 2);
          if (v === null || v < 1 || v > 12) return null;
          month = v;
        } else {
          const k = word(MONTH_NAMES, len === 3);
          if (k < 0) return null;
          month = k + 1;
        }
        break;
      case 'd':
        if (len <= 2) {
          v = num(len, 2);
          if (v === null || v < 1 || v > 31) return null;
          day = v;
        } else {
          dayOfWeek = word(DAY_NAMES, len === 3);
          if (dayOfWeek < 0) return null;
        }
        break;
      case 'h':
      case 'H':
      case 'm':
      case 's': {
        v = num(len === 1 ? 1 : 2, 2);
        const max = t.ch === 'h' ? 12 : t.ch === 'H' ? 23 : 59;
        if (v === null || v > max) return null;
        if (t.ch === 'm') minute = v;
        else if (t.ch === 's') second = v;
        else hour = v;
        break;
      }
      case 'f':
      case 'F': {
        const start = i;
        v = num(t.ch === 'f' ? len : 0, len);
        if (v === null) return null;
        const count = i - start;
        ticks = count === 0 ? 0 : Number(s.slice(start, i).padEnd(7, '0'));
        break;
      }
      case 't': {
        const a = s.slice(i, i + (len === 1 ? 1 : 2)).toUpperCase();
        if (a === (len === 1 ? 'A' : 'AM')) pm = false;
        else if (a === (len === 1 ? 'P' : 'PM')) pm = true;
        else return null;
        i += a.length;
        break;
      }
      case 'z': {
        const o = offsetAt(len);
        if (o === null) return null;
        offset = o;
        break;
      }
      case 'K':
        if (s[i] === 'Z') {
          i++;
          utc = true;
          offset = 0;
        } else if (s[i] === '+' || s[i] === '-') {
          const o = offsetAt(3);
          if (o === null) return null;
          offset = o;
        }
        break;
      case 'g':
        for (const era of ['A.D.', 'AD']) {
          if (s.slice(i, i + era.length).toUpperCase() === era) {
            i += era.length;
            break;
          }
        }
        break;
      default: // ':' and '/'
        if (s[i] !== t.ch) return null;
        i++;
    }
  }
  if (styles.allowTrailingWhite || styles.allowInnerWhite) while (isSpace(s[i])) i++;
  if (i !== s.length) return null;

  // .NET's window: two-digit years up to 49 are 20xx (TwoDigitYearMax 2049).
  if (year !== -1 && twoDigitYear) year += year <= 49 ? 2000 : 1900;
  // Missing date fields, as .NET's CheckDefaultDateTime fills them.
  if (year === -1 || month === -1 || day === -1) {
    const today = dateParts(now.getTime());
    if (month === -1 && day === -1) {
      if (year === -1) {
        [year, month, day] = styles.noCurrentDateDefault ? [1, 1, 1] : [today.year, today.month, today.day];
      } else {
        [month, day] = [1, 1];
      }
    } else {
      if (year === -1) year = today.year;
      if (month === -1) month = 1;
      if (day === -1) day = 1;
    }
  }
  if (year < 1 || year > 9999 || day > daysInMonth(year, month)) return null;
  if (pm !== undefined) {
    if (hour > 12) return null;
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  let ms = utcMs(year, month, day, hour, minute, second, Math.floor(ticks / TICKS_PER_MS));
  if (dayOfWeek >= 0 && new Date(ms).getUTCDay() !== dayOfWeek) return null;
  let kind: DateKind;
  if (offset === undefined) {
    // No zone in the text: AssumeLocal/AssumeUniversal give it one (local = UTC, so the instant is unchanged).
    if (styles.assumeUniversal || styles.assumeLocal) kind = styles.adjustToUniversal ? 'utc' : 'local';
    else kind = 'unspecified';
  } else {
    ms -= offset * 60_000;
    if (styles.roundtripKind && utc) kind = 'utc';
    else kind = styles.adjustToUniversal ? 'utc' : 'local';
  }
  if (ms < MIN_MS || ms > MAX_MS) return null;
  return { ms, sub: ticks % TICKS_PER_MS, kind };
}
