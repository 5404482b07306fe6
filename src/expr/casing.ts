// ToUpper/ToLower as .NET does them: one character at a time (the string keeps its length, so "ß" stays "ß"),
// invariant unless a culture is named; Turkish and Azeri map the dotted and dotless i their own way.

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, controls included
const ASCII_ONLY = /^[\x00-\x7F]*$/;

function mapEach(s: string, map: (c: string) => string): string {
  let out = '';
  for (const c of s) out += map(c);
  return out;
}

function upperChar(c: string): string {
  // Invariant casing keeps "ı" (ICU's rule in .NET); a character whose upper case is longer stays as it is.
  if (c === 'ı') return c;
  const u = c.toUpperCase();
  return u.length === c.length ? u : c;
}

function lowerChar(c: string): string {
  if (c === 'İ') return c;
  const l = c.toLowerCase();
  return l.length === c.length ? l : c;
}

function isTurkic(culture: string | undefined): boolean {
  if (!culture) return false;
  const lang = culture.toLowerCase().split(/[-_]/)[0];
  return lang === 'tr' || lang === 'az';
}

/** Upper case by .NET's rules for `culture` (invariant when empty). */
export function toUpper(s: string, culture?: string): string {
  if (ASCII_ONLY.test(s))
    return isTurkic(culture) ? s.replace(/[a-z]+/g, (w) => w.replace(/i/g, 'İ').toUpperCase()) : s.toUpperCase();
  if (isTurkic(culture)) return mapEach(s, (c) => (c === 'i' ? 'İ' : c === 'ı' ? 'I' : upperChar(c)));
  return mapEach(s, upperChar);
}

/** Lower case by .NET's rules for `culture` (invariant when empty). */
export function toLower(s: string, culture?: string): string {
  if (ASCII_ONLY.test(s))
    return isTurkic(culture) ? s.replace(/[A-Z]+/g, (w) => w.replace(/I/g, 'ı').toLowerCase()) : s.toLowerCase();
  if (isTurkic(culture)) return mapEach(s, (c) => (c === 'I' ? 'ı' : c === 'İ' ? 'i' : lowerChar(c)));
  return mapEach(s, lowerChar);
}
