// Public ids are the display form of an AUTOINCREMENT row number: SQLite never hands a number out twice (even after
// the newest row is deleted), so an id is stable and never reused, and paging by number is paging by id.

/** The id prefixes of the application's objects. */
export type IdPrefix = 'acc' | 'team';

/** `acc_000123` for row 123 (six digits at least, more when the numbers grow). */
export function formatId(prefix: IdPrefix, num: number): string {
  return `${prefix}_${String(num).padStart(6, '0')}`;
}

/** The row number of an id, or undefined unless it is exactly the form `formatId` gives (so `acc_123` is unknown). */
export function parseId(prefix: IdPrefix, id: string): number | undefined {
  const m = /^([a-z]+)_(\d{6,15})$/.exec(id);
  if (!m || m[1] !== prefix) return undefined;
  const num = Number(m[2]);
  return num > 0 && formatId(prefix, num) === id ? num : undefined;
}
