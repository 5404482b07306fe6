import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression } from '../compile.ts';
import { evalError, value } from '../../test-support/expr.ts';

test('CDate: the reference examples (the UTC equivalent, as M/d/yyyy h:mm:ss tt)', () => {
  assert.equal(value('CDate([StatusHireDate])', { StatusHireDate: '2020-03-16-07:00' }), '3/16/2020 7:00:00 AM');
  assert.equal(value('CDate("2021-06-30+08:00")'), '6/29/2021 4:00:00 PM');
  assert.equal(value('CDate("2009-06-15T01:45:30-07:00")'), '6/15/2009 8:45:30 AM');
});

test('CDate: other forms DateTime.Parse reads; null; not a date', () => {
  const cases: Array<[string, string]> = [
    ['2021-08-25', '8/25/2021 12:00:00 AM'],
    ['2021-08-25T17:41:18Z', '8/25/2021 5:41:18 PM'],
    ['2021-08-25 17:41:18', '8/25/2021 5:41:18 PM'],
    ['2021-08-25T17:41:18.1234567+02:00', '8/25/2021 3:41:18 PM'],
    ['8/25/2021 5:41:18 PM', '8/25/2021 5:41:18 PM'],
    ['8/25/2021 12:00:00 AM', '8/25/2021 12:00:00 AM'],
    ['08/25/21', '8/25/2021 12:00:00 AM'],
    ['25 Aug 2021', '8/25/2021 12:00:00 AM'],
    ['August 25, 2021 17:41', '8/25/2021 5:41:00 PM'],
    ['Wed, 25 Aug 2021 17:41:18 GMT', '8/25/2021 5:41:18 PM'],
    ['  2021-08-25  ', '8/25/2021 12:00:00 AM'],
    ['17:41', '8/25/2021 5:41:00 PM'],
  ];
  for (const [text, expected] of cases) assert.equal(value('CDate([d])', { d: text }), expected, text);
  assert.equal(value('CDate([missing])'), null);
  for (const bad of ['yesterday', '2021-02-30', '2021-13-01', '25:00', '2021-08-25T10:00+15:00', '']) {
    assert.match(evalError('CDate([d])', { d: bad }).message, /^CDate: expression ".*" is not a date and time$/, bad);
  }
  assert.match(evalError('CDate(5)').message, /CDate: expression must be a date/);
});

test('DateAdd: the reference table', () => {
  const hire = { StatusHireDate: '2012-03-16-07:00' };
  assert.equal(value('DateAdd("d", 7, CDate([StatusHireDate]))', hire), '3/23/2012 7:00:00 AM');
  assert.equal(value('DateAdd("d", -10, CDate([StatusHireDate]))', hire), '3/6/2012 7:00:00 AM');
  assert.equal(value('DateAdd("ww", 2, CDate([StatusHireDate]))', hire), '3/30/2012 7:00:00 AM');
  assert.equal(value('DateAdd("m", 10, CDate([StatusHireDate]))', hire), '1/16/2013 7:00:00 AM');
  assert.equal(value('DateAdd("yyyy", 2, CDate([StatusHireDate]))', hire), '3/16/2014 7:00:00 AM');
});

test('DateAdd: hours, minutes, seconds, quarters; month ends; Now; errors', () => {
  assert.equal(value('DateAdd("h", 25, CDate("2021-08-25"))'), '8/26/2021 1:00:00 AM');
  assert.equal(value('DateAdd("n", -1, CDate("2021-08-25"))'), '8/24/2021 11:59:00 PM');
  assert.equal(value('DateAdd("s", 90, CDate("2021-08-25"))'), '8/25/2021 12:01:30 AM');
  assert.equal(value('DateAdd("q", 1, CDate("2021-08-25"))'), '11/25/2021 12:00:00 AM');
  assert.equal(
    value('DateAdd("M", 1, CDate("2021-01-31"))'),
    '2/28/2021 12:00:00 AM',
    'interval names in any case; day clamped',
  );
  assert.equal(value('DateAdd("yyyy", 1, CDate("2020-02-29"))'), '2/28/2021 12:00:00 AM');
  assert.equal(
    value('DateAdd("d", 1.9, "2021-08-25")'),
    '8/26/2021 12:00:00 AM',
    'the value is truncated; a date string is read',
  );
  assert.equal(value('DateAdd("d", 1, Now())'), '8/26/2021 5:41:18 PM');
  assert.equal(value('DateAdd("d", 1, [missing])'), null);
  assert.match(evalError('DateAdd("fortnight", 1, Now())').message, /DateAdd: interval must be one of/);
  assert.match(evalError('DateAdd("yyyy", 9000, Now())').message, /DateAdd: the date is outside the years 1 to 9999/);
});

test('DateDiff: the reference table', () => {
  const diff = (interval: string, d1: string, d2: string): unknown =>
    value(`DateDiff("${interval}", CDate([d1]), CDate([d2]))`, { d1, d2 });
  assert.equal(diff('d', '2021-08-18+08:00', '2021-08-31+08:00'), 13);
  assert.equal(diff('d', '2021-08-31+08:00', '2021-08-31+08:00'), 0);
  assert.equal(diff('h', '2021-08-24', '2021-08-25'), 24);
  assert.equal(diff('n', '2021-08-24', '2021-08-25'), 1440);
  assert.equal(diff('s', '2021-08-24', '2021-08-25'), 86400);
  // The rows whose date1 is Now() = 8/25/2021 5:41:18 PM, as the reference's expression writes them.
  const hire = { StatusHireDate: '2012-03-16-07:00' };
  assert.equal(value('DateDiff("d", Now(), CDate([StatusHireDate]))', hire), -3449);
  assert.equal(value('DateDiff("ww", Now(), CDate([StatusHireDate]))', hire), -493);
  assert.equal(value('DateDiff("m", Now(), CDate([StatusHireDate]))', hire), -113);
  assert.equal(value('DateDiff("yyyy", Now(), CDate([StatusHireDate]))', hire), -9);
  assert.equal(diff('d', '8/25/2021 5:41:18 PM', '2012-03-16-07:00'), -3449);
});

test("DateDiff: Visual Basic's rules (calendar boundaries for yyyy/m/ww, whole units truncated toward zero)", () => {
  const diff = (interval: string, d1: string, d2: string): unknown =>
    value(`DateDiff("${interval}", "${d1}", "${d2}")`);
  assert.equal(diff('yyyy', '2021-12-31T23:59:59Z', '2022-01-01T00:00:00Z'), 1);
  assert.equal(diff('m', '2021-01-31', '2021-02-01'), 1);
  assert.equal(diff('q', '2021-03-31', '2021-04-01'), 1);
  assert.equal(diff('d', '2021-08-24T12:00:00Z', '2021-08-25T11:59:59Z'), 0);
  assert.equal(diff('d', '2021-08-25T11:59:59Z', '2021-08-24T12:00:00Z'), 0);
  assert.equal(diff('h', '2021-08-24T00:00:00Z', '2021-08-24T01:59:59Z'), 1);
  assert.equal(diff('ww', '2021-08-28', '2021-08-29'), 1, 'Saturday to Sunday crosses a week boundary');
  assert.equal(diff('w', '2021-08-28', '2021-08-29'), 0, 'w counts whole 7-day spans');
  assert.equal(diff('ww', '2021-08-29', '2021-09-04'), 0, 'Sunday to Saturday is the same week');
  assert.equal(diff('w', '2021-08-01', '2021-08-29'), 4);
  assert.equal(diff('y', '2021-08-01', '2021-08-29'), 28, 'y (day of year) counts days');
  assert.equal(value('DateDiff("d", [missing], Now())'), null);
});

test("DateDiff combined with IIF and Switch: the reference's second example", () => {
  const text =
    'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")';
  assert.equal(value(text, { Active: '1', StatusHireDate: '2021-08-28' }), 'True');
  assert.equal(value(text, { Active: '1', StatusHireDate: '2021-09-28' }), 'False');
  assert.equal(value(text, { Active: '0', StatusHireDate: '2021-08-28' }), 'False');
});

test('DateFromNum: the reference example (Windows FILETIME)', () => {
  assert.equal(value('DateFromNum(129699324000000000)'), '1/1/2012 11:00:00 PM');
  assert.equal(
    value('DateFromNum([lastLogonTimestamp])', { lastLogonTimestamp: '129699324000000000' }),
    '1/1/2012 11:00:00 PM',
  );
  assert.equal(
    value('DateFromNum([lastLogonTimestamp])', { lastLogonTimestamp: 129699324000000000 }),
    '1/1/2012 11:00:00 PM',
  );
  assert.equal(value('DateFromNum(0)'), '1/1/1601 12:00:00 AM');
  assert.equal(
    value('FormatDateTime(DateFromNum([t]), , "", "yyyy-MM-dd HH:mm:ss.fffffff")', { t: '129699324001234567' }),
    '2012-01-01 23:00:00.1234567',
    '100-ns ticks are kept',
  );
  assert.equal(value('DateFromNum([missing])'), null);
  assert.match(evalError('DateFromNum(9223372036854775807)').message, /not a FILETIME between the years 1601 and 9999/);
  assert.match(evalError('DateFromNum("soon")').message, /whole number/);
});

test("NumFromDate: the reference's Workday and SuccessFactors examples", () => {
  const expected = 132539615990000000; // 2021-01-01T07:59:59Z, i.e. 2020-12-31 23:59:59 at -08:00
  assert.equal(
    value(
      'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
      { ContractEndDate: '2020-12-31-08:00' },
    ),
    expected,
  );
  assert.equal(
    value('NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))', {
      endDate: '12/31/2020 08:00:00 AM',
    }),
    expected,
  );
});

test('NumFromDate: round trip with DateFromNum; dates; the far future; null', () => {
  assert.equal(value('NumFromDate("2012-01-01T23:00:00Z")'), 129699324000000000);
  assert.equal(value('NumFromDate(DateFromNum([t]))', { t: '129699324001234567' }), Number(129699324001234567n));
  assert.equal(value('NumFromDate(CDate("1601-01-01T00:00:00Z"))'), 0);
  const far = value('NumFromDate("9999-12-31T23:59:59Z")');
  assert.equal(JSON.stringify(far), '2650467743990000000', 'JSON shows the exact FILETIME');
  assert.equal(value('NumFromDate([missing])'), null);
  assert.match(evalError('NumFromDate("someday")').message, /NumFromDate: value "someday" is not a date and time/);
});

test('FormatDateTime: the reference example', () => {
  assert.equal(
    value('FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', {
      extensionAttribute1: '20150123105347.1Z',
    }),
    '2015-01-23',
  );
});

test('FormatDateTime: the older three-argument form, dateTimeStyles, kinds', () => {
  const src = { d: '20150123105347.1Z' };
  assert.equal(
    value('FormatDateTime([d], "yyyyMMddHHmmss.fZ", "yyyy-MM-dd HH:mm:ss.fff")', src),
    '2015-01-23 10:53:47.100',
  );
  assert.equal(
    value('FormatDateTime([d], , "yyyyMMddHHmmss.fZ", "o")', src),
    '2015-01-23T10:53:47.1000000Z',
    'Z with RoundtripKind stays UTC',
  );
  assert.equal(
    value('FormatDateTime("2015-01-23", , "yyyy-MM-dd", "o")'),
    '2015-01-23T00:00:00.0000000',
    'no zone: unspecified',
  );
  assert.equal(
    value('FormatDateTime("2015-01-23+02:00", , "yyyy-MM-ddzzz", "o")'),
    '2015-01-22T22:00:00.0000000+00:00',
    'an offset converts to local time (UTC)',
  );
  assert.equal(
    value('FormatDateTime("2015-01-23+02:00", "AdjustToUniversal", "yyyy-MM-ddzzz", "yyyy-MM-ddTHH:mmK")'),
    '2015-01-22T22:00Z',
  );
  assert.equal(value('FormatDateTime("2015-01-23", "AssumeUniversal, AdjustToUniversal", "yyyy-MM-dd", "%K")'), 'Z');
  assert.equal(
    value('FormatDateTime(" 2015-01-23 ", , "yyyy-MM-dd", "yyyy")'),
    '2015',
    'leading and trailing white space allowed by default',
  );
  assert.match(
    evalError('FormatDateTime(" 2015-01-23", "None", "yyyy-MM-dd", "yyyy")').message,
    /does not match the input format/,
  );
  assert.equal(value('FormatDateTime("2015-01-23", 128, "yyyy-MM-dd", "yyyy")'), '2015', 'styles as a number');
  assert.match(
    evalError('FormatDateTime("2015-01-23", "Sideways", "yyyy-MM-dd", "yyyy")').message,
    /unknown dateTimeStyles "Sideways"/,
  );
});

test('FormatDateTime: .NET output formats', () => {
  const f = (out: string, d = '2021-08-05T07:04:03.0450000Z'): unknown =>
    value(`FormatDateTime("${d}", , "yyyy-MM-ddTHH:mm:ss.fffffffK", "${out}")`);
  assert.equal(f('M/d/yyyy h:mm:ss tt'), '8/5/2021 7:04:03 AM');
  assert.equal(f('MM/dd/yy HH:mm'), '08/05/21 07:04');
  assert.equal(f('dddd, MMMM d, yyyy'), 'Thursday, August 5, 2021');
  assert.equal(f('ddd dd MMM'), 'Thu 05 Aug');
  assert.equal(f('yyyyMMddHHmmss.0Z'), '20210805070403.0Z', 'the LDAP generalized time form');
  assert.equal(f('HH:mm:ss.FFF'), '07:04:03.045');
  assert.equal(f('HH:mm:ss.FFF', '2021-08-05T07:04:03.0000000Z'), '07:04:03', 'an all-zero F fraction drops its "."');
  assert.equal(f('hh t'), '07 A');
  assert.equal(f("'Day' d \\o\\f MMMM"), 'Day 5 of August');
  assert.equal(f('%d'), '5');
  assert.equal(f('d'), '8/5/2021', 'one letter is a standard format');
  assert.equal(f('D'), 'Thursday, August 5, 2021');
  assert.equal(f('s'), '2021-08-05T07:04:03');
  assert.equal(f('u'), '2021-08-05 07:04:03Z');
  assert.equal(f('R'), 'Thu, 05 Aug 2021 07:04:03 GMT');
  assert.equal(f('zzz'), '+00:00');
  assert.equal(f('y yy yyy yyyyy'), '21 21 2021 02021');
  assert.match(
    evalError('FormatDateTime("2021", , "yyyy", "x")').message,
    /outputFormat "x": "x" is not a standard date format/,
  );
  assert.match(evalError('FormatDateTime("2021", , "yyyy", "\'open")').message, /is not closed/);
});

test('FormatDateTime: input formats (ParseExact)', () => {
  const f = (input: string, fmt: string): unknown =>
    value(`FormatDateTime("${input}", , "${fmt}", "yyyy-MM-dd HH:mm:ss")`, {}, new Date('2021-08-25T17:41:18Z'));
  assert.equal(f('12/31/2020 11:59:59 PM', 'M/d/yyyy hh:mm:ss tt'), '2020-12-31 23:59:59');
  assert.equal(f('1/2/2020 12:00:00 AM', 'M/d/yyyy hh:mm:ss tt'), '2020-01-02 00:00:00');
  assert.equal(f('Thursday, 05 August 2021', 'dddd, dd MMMM yyyy'), '2021-08-05 00:00:00');
  assert.equal(f('05-aug-21', 'dd-MMM-yy'), '2021-08-05 00:00:00');
  assert.equal(f('05-aug-71', 'dd-MMM-yy'), '1971-08-05 00:00:00');
  assert.equal(f('10:30', 'HH:mm'), '2021-08-25 10:30:00', 'a time alone is today');
  assert.equal(f('2021', 'yyyy'), '2021-01-01 00:00:00');
  assert.equal(f('20210805', 'yyyyMMdd'), '2021-08-05 00:00:00');
  assert.equal(f('2021-08-05T07:04:03.12Z', 'yyyy-MM-ddTHH:mm:ss.FFFFFFFK'), '2021-08-05 07:04:03');
  for (const [input, fmt] of [
    ['2021-8-05', 'yyyy-MM-dd'],
    ['21-08-05', 'yyyy-MM-dd'],
    ['2021-02-30', 'yyyy-MM-dd'],
    ['13:00 PM', 'hh:mm tt'],
    ['Friday, 05 August 2021', 'dddd, dd MMMM yyyy'],
    ['2021-08-05x', 'yyyy-MM-dd'],
  ]) {
    assert.match(
      evalError(`FormatDateTime("${input}", , "${fmt}", "yyyy")`).message,
      /does not match the input format/,
      `${input} / ${fmt}`,
    );
  }
  assert.equal(value('FormatDateTime([missing], , "yyyy", "yyyy")'), null);
});

test('Now: M/d/yyyy h:mm:ss tt in UTC; the clock when no time is fixed', () => {
  assert.equal(value('Now()'), '8/25/2021 5:41:18 PM');
  assert.equal(
    value('Now()', {}, new Date('2021-07-02T15:33:38Z')),
    '7/2/2021 3:33:38 PM',
    "the reference's example value",
  );
  assert.equal(value('Now()', {}, new Date('2021-07-02T00:05:00Z')), '7/2/2021 12:05:00 AM');
  const r = compileExpression('Now()').evaluate({ attributes: {} });
  assert.ok(
    r.kind === 'value' &&
      typeof r.value === 'string' &&
      /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/.test(r.value),
  );
});
