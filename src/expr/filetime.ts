// Windows FILETIME, Active Directory's date format (accountExpires, lastLogonTimestamp): 100-ns ticks since
// 1601-01-01 UTC. BigInt keeps the 18-digit values exact on the way in.
import { type DateTimeValue, makeDate, MAX_MS, MIN_MS, TICKS_PER_MS } from './datetime.ts';

/** Milliseconds from 1601-01-01 to 1970-01-01. */
const EPOCH_1601_MS = 11644473600000n;
const TICKS = BigInt(TICKS_PER_MS);

/** FILETIME ticks of a date (exact as a BigInt). */
export function fileTimeOf(dt: DateTimeValue): bigint {
  return (BigInt(dt.ms) + EPOCH_1601_MS) * TICKS + BigInt(dt.sub);
}

/** The date of FILETIME ticks; null when before 1601 or after 9999 (.NET's FromFileTimeUtc throws). */
export function dateOfFileTime(ticks: bigint): DateTimeValue | null {
  if (ticks < 0n) return null;
  const ms = ticks / TICKS - EPOCH_1601_MS;
  if (ms < BigInt(MIN_MS) || ms > BigInt(MAX_MS)) return null;
  return makeDate(Number(ms), Number(ticks % TICKS), 'utc');
}
