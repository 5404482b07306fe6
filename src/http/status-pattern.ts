// Status codes and classes ("2xx") as success criteria and retry triggers are written in settings.

/** True when `status` is one of `patterns` (a code like 200 or a class like "2xx"). */
export function matchesStatus(status: number, patterns: readonly (number | string)[]): boolean {
  for (const p of patterns) {
    if (typeof p === 'number') {
      if (p === status) return true;
    } else if (/^[1-5]xx$/i.test(p)) {
      if (Math.floor(status / 100) === Number(p[0])) return true;
    }
  }
  return false;
}
