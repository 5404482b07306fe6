// Dates: CDate, DateAdd, DateDiff (Visual Basic's rules), DateFromNum and NumFromDate (Windows FILETIME),
// FormatDateTime (.NET format strings), Now. Entra's servers run in UTC, so local time is UTC throughout.
import type { CallNode } from '../ast.ts';
import { parseDate } from '../date-parse.ts';
import { addMonths, dateParts, DateTimeValue, makeDate, TICKS_PER_MS } from '../datetime.ts';
import { DateFormatError, formatDate } from '../dotnet-format.ts';
import { DEFAULT_STYLES, parseExact, parseStyles } from '../dotnet-parse-exact.ts';
import { MappingExpressionError, MappingExpressionSyntaxError } from '../errors.ts';
import { dateOfFileTime, fileTimeOf } from '../filetime.ts';
import { toInt, toStr, type Arg, type Val } from '../values.ts';
import type { EvalState, FunctionSpec } from './spec.ts';

const MS_PER_DAY = 86_400_000;

const fail = (fn: string, message: string): never => {
  throw new MappingExpressionError(message, 'invalidValue', fn);
};

/** A date from a date value or from text DateTime.Parse would read; other values are an error. */
export function toDate(v: Val, st: EvalState, fn: string, what: string): DateTimeValue {
  if (v instanceof DateTimeValue) return v;
  if (typeof v === 'string' || (Array.isArray(v) && typeof v[0] === 'string')) {
    const text = toStr(v);
    const parsed = parseDate(text, st.now());
    if (parsed) return new DateTimeValue(parsed.ms, parsed.sub, parsed.kind);
    return fail(fn, `${what} ${JSON.stringify(text)} is not a date and time`);
  }
  return fail(fn, `${what} must be a date, not ${JSON.stringify(toStr(v))}`);
}

/** Visual Basic's interval names (DateAdd and DateDiff), case-insensitively. */
type Interval = 'yyyy' | 'q' | 'm' | 'y' | 'd' | 'w' | 'ww' | 'h' | 'n' | 's';
const INTERVALS = new Set<string>(['yyyy', 'q', 'm', 'y', 'd', 'w', 'ww', 'h', 'n', 's']);

function interval(v: Val, fn: string): Interval {
  const s = toStr(v).trim().toLowerCase();
  if (!INTERVALS.has(s))
    fail(fn, `interval must be one of yyyy, q, m, y, d, w, ww, h, n, s, not ${JSON.stringify(toStr(v))}`);
  return s as Interval;
}

function dateAdd(unit: Interval, n: number, dt: DateTimeValue): DateTimeValue {
  const shift = (ms: number): DateTimeValue => makeDate(dt.ms + ms, dt.sub, dt.kind, 'DateAdd');
  switch (unit) {
    case 'yyyy':
      return addMonths(dt, n * 12, 'DateAdd');
    case 'q':
      return addMonths(dt, n * 3, 'DateAdd');
    case 'm':
      return addMonths(dt, n, 'DateAdd');
    case 'ww':
      return shift(n * 7 * MS_PER_DAY);
    case 'h':
      return shift(n * 3_600_000);
    case 'n':
      return shift(n * 60_000);
    case 's':
      return shift(n * 1000);
    default: // y, d, w: days
      return shift(n * MS_PER_DAY);
  }
}

/** Microsoft.VisualBasic DateDiff with its defaults (weeks start on Sunday): whole intervals from d1 to d2. */
function dateDiff(unit: Interval, d1: DateTimeValue, d2: DateTimeValue): number {
  // "+ 0" turns the -0 of truncating a small negative span into 0.
  return wholeUnits(unit, d1, d2) + 0;
}

function wholeUnits(unit: Interval, d1: DateTimeValue, d2: DateTimeValue): number {
  const ticks = (d2.ms - d1.ms) * TICKS_PER_MS + (d2.sub - d1.sub);
  const totalDays = ticks / (MS_PER_DAY * TICKS_PER_MS);
  const p1 = dateParts(d1.ms);
  const p2 = dateParts(d2.ms);
  switch (unit) {
    case 'yyyy':
      return p2.year - p1.year;
    case 'q':
      return (p2.year - p1.year) * 4 + Math.floor((p2.month - 1) / 3) - Math.floor((p1.month - 1) / 3);
    case 'm':
      return (p2.year - p1.year) * 12 + p2.month - p1.month;
    case 'h':
      return Math.trunc(ticks / (3_600_000 * TICKS_PER_MS));
    case 'n':
      return Math.trunc(ticks / (60_000 * TICKS_PER_MS));
    case 's':
      return Math.trunc(ticks / (1000 * TICKS_PER_MS));
    case 'w':
      return Math.trunc(Math.trunc(totalDays) / 7);
    case 'ww': {
      // Calendar weeks: both dates move back to the Saturday before their week (VB's GetDayOfWeek is 1 on
      // Sunday), keeping their time of day, then whole days / 7.
      const a = d1.ms - (p1.dayOfWeek + 1) * MS_PER_DAY;
      const b = d2.ms - (p2.dayOfWeek + 1) * MS_PER_DAY;
      const days = ((b - a) * TICKS_PER_MS + (d2.sub - d1.sub)) / (MS_PER_DAY * TICKS_PER_MS);
      return Math.trunc(Math.trunc(days) / 7);
    }
    default: // d, y
      return Math.trunc(totalDays);
  }
}

function fileTimeArg(v: Val): bigint {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail('DateFromNum', 'value must be a number');
    return BigInt(Math.trunc(v));
  }
  const s = toStr(v).trim();
  if (!/^-?\d+$/.test(s))
    fail('DateFromNum', `value must be a whole number (FILETIME ticks), not ${JSON.stringify(s)}`);
  return BigInt(s);
}

function checkFormatDateTime(call: CallNode): void {
  if (call.args.length === 3 && call.args[1].kind === 'omitted') {
    throw new MappingExpressionSyntaxError(call.args[1].pos, 'FormatDateTime needs an inputFormat', [
      'an input format',
    ]);
  }
}

function formatDateTime([source, ...rest]: Arg[], st: EvalState): Val {
  // FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat), or without dateTimeStyles (older form).
  const [stylesArg, inputArg, outputArg] = rest.length === 3 ? rest : [undefined, ...rest];
  // A null source or format gives null; a null dateTimeStyles is the default.
  if (source === null || inputArg === null || outputArg === null) return null;
  const output = toStr(outputArg as Val);
  let date: DateTimeValue;
  if (source instanceof DateTimeValue) {
    date = source;
  } else {
    const styleText = stylesArg === undefined || stylesArg === null ? '' : toStr(stylesArg);
    const styles = styleText.trim() === '' ? DEFAULT_STYLES : parseStyles(styleText);
    if (!styles) return fail('FormatDateTime', `unknown dateTimeStyles ${JSON.stringify(styleText)}`);
    const input = toStr(inputArg as Val);
    const text = toStr(source as Val);
    let parsed: ReturnType<typeof parseExact>;
    try {
      parsed = parseExact(text, input, styles, st.now());
    } catch (e) {
      if (e instanceof DateFormatError)
        return fail('FormatDateTime', `inputFormat ${JSON.stringify(input)}: ${e.message}`);
      throw e;
    }
    if (!parsed)
      return fail('FormatDateTime', `${JSON.stringify(text)} does not match the input format ${JSON.stringify(input)}`);
    date = new DateTimeValue(parsed.ms, parsed.sub, parsed.kind);
  }
  try {
    return formatDate(date, output);
  } catch (e) {
    if (e instanceof DateFormatError)
      return fail('FormatDateTime', `outputFormat ${JSON.stringify(output)}: ${e.message}`);
    throw e;
  }
}

/** The date functions. */
export const DATE_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'CDate',
    params: ['expression'],
    min: 1,
    max: 1,
    pure: true,
    // The UTC date of the text ("2020-03-16-07:00" → 3/16/2020 7:00:00 AM).
    call: ([v], st) => toDate(v as Val, st, 'CDate', 'expression').withKind('utc'),
  },
  {
    name: 'DateAdd',
    params: ['interval', 'value', 'dateTime'],
    min: 3,
    max: 3,
    pure: true,
    call: ([unit, value, dt], st) =>
      dateAdd(
        interval(unit as Val, 'DateAdd'),
        toInt(value as Val, 'DateAdd', 'value'),
        toDate(dt as Val, st, 'DateAdd', 'dateTime'),
      ),
  },
  {
    name: 'DateDiff',
    params: ['interval', 'date1', 'date2'],
    min: 3,
    max: 3,
    pure: true,
    call: ([unit, d1, d2], st) =>
      dateDiff(
        interval(unit as Val, 'DateDiff'),
        toDate(d1 as Val, st, 'DateDiff', 'date1'),
        toDate(d2 as Val, st, 'DateDiff', 'date2'),
      ),
  },
  {
    name: 'DateFromNum',
    params: ['value'],
    min: 1,
    max: 1,
    pure: true,
    call: ([v]) =>
      dateOfFileTime(fileTimeArg(v as Val)) ??
      fail('DateFromNum', `${toStr(v as Val)} is not a FILETIME between the years 1601 and 9999`),
  },
  {
    name: 'FormatDateTime',
    params: ['source', 'dateTimeStyles', 'inputFormat', 'outputFormat'],
    min: 3,
    max: 4,
    omittable: [1],
    nullPropagates: false,
    pure: true,
    check: checkFormatDateTime,
    call: formatDateTime,
  },
  {
    name: 'Now',
    params: [],
    min: 0,
    max: 0,
    pure: false,
    call: (_args, st) => new DateTimeValue(st.now().getTime(), 0, 'utc'),
  },
  {
    name: 'NumFromDate',
    params: ['value'],
    min: 1,
    max: 1,
    pure: true,
    call: ([v], st) => Number(fileTimeOf(toDate(v as Val, st, 'NumFromDate', 'value'))),
  },
];
