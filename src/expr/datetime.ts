// A .NET-like DateTime: milliseconds since 1970 (UTC) plus the 100-ns ticks below a millisecond, and the kind
// (.NET's DateTimeKind), which only changes how "K" formats. Entra's servers run in UTC, so local time is UTC.
import { MappingExpressionError } from './errors.ts';

/** .NET DateTimeKind: Utc formats "K" as "Z", Local as "+00:00", Unspecified as nothing. */
export type DateKind = 'utc' | 'local' | 'unspecified';

/** Calendar fields of a date, month 1-12, dayOfWeek 0 (Sunday) - 6. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  dayOfWeek: number;
}

/** Milliseconds from 1970-01-01 to 0001-01-01, .NET's DateTime.MinValue. */
export const MIN_MS = -62135596800000;
/** Milliseconds from 1970-01-01 to the last millisecond of 9999-12-31, .NET's DateTime.MaxValue. */
export const MAX_MS = 253402300799999;
/** 100-ns ticks per millisecond. */
export const TICKS_PER_MS = 10_000;

/** A date and time value inside the evaluator; leaves the evaluator as a "M/d/yyyy h:mm:ss tt" string. */
export class DateTimeValue {
  constructor(
    /** Milliseconds since 1970-01-01T00:00:00Z. */
    readonly ms: number,
    /** 100-ns ticks within the millisecond (0-9999), for 7-digit fractions and FILETIME. */
    readonly sub: number = 0,
    readonly kind: DateKind = 'utc',
  ) {}

  /** The same instant with another kind. */
  withKind(kind: DateKind): DateTimeValue {
    return kind === this.kind ? this : new DateTimeValue(this.ms, this.sub, kind);
  }

  /** Entra's text for a date: en-US general format, `M/d/yyyy h:mm:ss tt`. */
  toString(): string {
    return formatGeneral(this.ms);
  }
}

/** Builds a date, throwing when it falls outside .NET's range (years 1 to 9999). */
export function makeDate(ms: number, sub = 0, kind: DateKind = 'utc', fn?: string): DateTimeValue {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS)
    throw new MappingExpressionError('the date is outside the years 1 to 9999', 'invalidValue', fn);
  return new DateTimeValue(ms, sub, kind);
}

/** Milliseconds since 1970 of a UTC calendar date; years below 100 are taken literally (unlike Date.UTC). */
export function utcMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millisecond);
  return d.getTime();
}

/** Calendar fields of an instant, in UTC. */
export function dateParts(ms: number): DateParts {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    dayOfWeek: d.getUTCDay(),
  };
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** .NET AddMonths: the day is clamped to the last day of the target month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(dt: DateTimeValue, months: number, fn?: string): DateTimeValue {
  const p = dateParts(dt.ms);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  if (year < 1 || year > 9999)
    throw new MappingExpressionError('the date is outside the years 1 to 9999', 'invalidValue', fn);
  const day = Math.min(p.day, daysInMonth(year, month));
  return makeDate(utcMs(year, month, day, p.hour, p.minute, p.second, p.millisecond), dt.sub, dt.kind, fn);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** en-US general date/time (`M/d/yyyy h:mm:ss tt`), what Entra shows for Now, CDate and DateAdd results. */
export function formatGeneral(ms: number): string {
  const p = dateParts(ms);
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const year = p.year < 1000 ? String(p.year).padStart(4, '0') : String(p.year);
  return `${p.month}/${p.day}/${year} ${h12}:${pad2(p.minute)}:${pad2(p.second)} ${p.hour < 12 ? 'AM' : 'PM'}`;
}
