// Lenient date reading, like .NET's DateTime.Parse under en-US (the culture Entra formats dates with): ISO 8601
// (also a date followed directly by an offset, as Workday sends "2020-03-16-07:00"), M/d/yyyy with 12- or 24-hour
// times, month names, and times alone (today's date). A time without a zone is taken as UTC (Entra's local time).
import { daysInMonth, MAX_MS, MIN_MS, TICKS_PER_MS, utcMs, dateParts, type DateKind } from './datetime.ts';

/** A parsed instant: milliseconds since 1970 (UTC), the ticks below a millisecond, and whether a zone was given. */
export interface ParsedDate {
  ms: number;
  sub: number;
  /** 'local' when the text had a zone (.NET converts such dates to local time), else 'unspecified'. */
  kind: DateKind;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+';
const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const TIME = '(\\d{1,2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?(?:\\s*([ap])\\.?m?\\.?)?';
const ZONE = '(z|gmt|utc|[+-]\\d{1,2}(?::?\\d{2})?)';

// Each pattern names where its fields are: y, m, d (or mon for a month name), then the time and zone groups.
interface Pattern {
  re: RegExp;
  y?: number;
  m?: number;
  mon?: number;
  d?: number;
  time: number;
}

const T = `(?:(?:t|\\s+|,\\s*)${TIME})?\\s*${ZONE}?`;
const PATTERNS: Pattern[] = [
  { re: new RegExp(`^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})${T}$`, 'i'), y: 1, m: 2, d: 3, time: 4 },
  { re: new RegExp(`^(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4}|\\d{2})${T}$`, 'i'), m: 1, d: 2, y: 3, time: 4 },
  {
    re: new RegExp(`^(?:${DAY})?${MON}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${T}$`, 'i'),
    mon: 1,
    d: 2,
    y: 3,
    time: 4,
  },
  { re: new RegExp(`^(?:${DAY})?(\\d{1,2})[-\\s]+${MON}[-\\s,]+(\\d{4})${T}$`, 'i'), d: 1, mon: 2, y: 3, time: 4 },
  { re: new RegExp(`^(\\d{4})[-\\s]+${MON}[-\\s]+(\\d{1,2})${T}$`, 'i'), y: 1, mon: 2, d: 3, time: 4 },
  { re: new RegExp(`^${TIME}\\s*${ZONE}?$`, 'i'), time: 1 },
];

/** Reads a date/time the way DateTime.Parse would; null when the text is not a date. `today` fills a time alone. */
export function parseDate(text: string, today: Date = new Date()): ParsedDate | null {
  const s = text.trim();
  for (const p of PATTERNS) {
    const m = p.re.exec(s);
    if (m) return build(m, p, today);
  }
  return null;
}

function build(m: RegExpExecArray, p: Pattern, today: Date): ParsedDate | null {
  let year: number;
  let month: number;
  let day: number;
  if (p.y === undefined) {
    const t = dateParts(today.getTime());
    [year, month, day] = [t.year, t.month, t.day];
  } else {
    const yText = m[p.y];
    year = Number(yText);
    // .NET's two-digit year window for en-US: 00-49 are 2000-2049, 50-99 are 1950-1999.
    if (yText.length === 2) year += year <= 49 ? 2000 : 1900;
    month = p.mon !== undefined ? MONTHS.findIndex((n) => n.startsWith(m[p.mon!].toLowerCase())) + 1 : Number(m[p.m!]);
    day = Number(m[p.d!]);
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;

  const t = p.time;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ticks = 0;
  if (m[t] !== undefined) {
    hour = Number(m[t]);
    const designator = m[t + 4]?.toLowerCase();
    // A bare number is a time only with AM/PM ("5 PM"); "2021-08-25 17" is not a date.
    if (m[t + 1] === undefined && designator === undefined) return null;
    minute = m[t + 1] === undefined ? 0 : Number(m[t + 1]);
    second = m[t + 2] === undefined ? 0 : Number(m[t + 2]);
    if (m[t + 3] !== undefined) ticks = Number(m[t + 3].slice(0, 7).padEnd(7, '0'));
    if (designator !== undefined) {
      if (hour > 12) return null;
      if (designator === 'p' && hour < 12) hour += 12;
      if (designator === 'a' && hour === 12) hour = 0;
    }
    if (hour > 23 || minute > 59 || second > 59) return null;
  }
  let ms = utcMs(year, month, day, hour, minute, second, Math.floor(ticks / TICKS_PER_MS));
  const zone = m[t + 5];
  let kind: DateKind = 'unspecified';
  if (zone !== undefined) {
    const offset = zoneOffsetMinutes(zone);
    if (offset === null) return null;
    ms -= offset * 60_000;
    kind = 'local';
  }
  if (ms < MIN_MS || ms > MAX_MS) return null;
  return { ms, sub: ticks % TICKS_PER_MS, kind };
}

/** Minutes east of UTC for "Z", "GMT", "+08:00", "-0700", "+5"; null when out of range (beyond ±14:00). */
export function zoneOffsetMinutes(zone: string): number | null {
  const z = zone.toLowerCase();
  if (z === 'z' || z === 'gmt' || z === 'utc') return 0;
  const digits = z.slice(1).replace(':', '');
  const hours = Number(digits.length <= 2 ? digits : digits.slice(0, -2));
  const minutes = digits.length <= 2 ? 0 : Number(digits.slice(-2));
  if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) return null;
  return (z[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
