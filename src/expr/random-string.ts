// RandomString: a password-like string from the character classes of Windows' complexity rules, drawn with a
// cryptographic generator, with at least the requested count of each class.
import { randomInt } from 'node:crypto';

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** The special characters Windows' password complexity rules name. */
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';

/** The longest string RandomString makes (the reference's limit). */
export const MAX_RANDOM_LENGTH = 256;

/** What RandomString was asked for. */
export interface RandomStringRequest {
  length: number;
  minNumbers: number;
  minSpecial: number;
  minUpper: number;
  minLower: number;
  avoid: string;
}

/** Makes the string; returns an error message instead when the request cannot be met. */
export function randomString(r: RandomStringRequest): string | { error: string } {
  const counts = [r.length, r.minNumbers, r.minSpecial, r.minUpper, r.minLower];
  if (counts.some((n) => !Number.isInteger(n) || n < 0))
    return { error: 'lengths and minimums must be whole numbers of 0 or more' };
  if (r.length > MAX_RANDOM_LENGTH) return { error: `Length is at most ${MAX_RANDOM_LENGTH}` };
  if (r.length < 1) return { error: 'Length must be at least 1' };
  const required = r.minNumbers + r.minSpecial + r.minUpper + r.minLower;
  if (required > r.length) return { error: `Length ${r.length} is less than the sum of the minimums (${required})` };
  const keep = (set: string): string => [...set].filter((c) => !r.avoid.includes(c)).join('');
  const classes: Array<[string, number, string]> = [
    [keep(DIGITS), r.minNumbers, 'numbers'],
    [keep(SPECIAL), r.minSpecial, 'special characters'],
    [keep(UPPER), r.minUpper, 'capital letters'],
    [keep(LOWER), r.minLower, 'lower case letters'],
  ];
  for (const [set, min, what] of classes)
    if (min > 0 && set === '') return { error: `CharactersToAvoid excludes every one of the ${what}` };
  const all = classes.map(([set]) => set).join('');
  if (all === '') return { error: 'CharactersToAvoid excludes every character' };
  const chars: string[] = [];
  for (const [set, min] of classes) for (let k = 0; k < min; k++) chars.push(set[randomInt(set.length)]);
  while (chars.length < r.length) chars.push(all[randomInt(all.length)]);
  // Fisher-Yates, so the required characters are not all at the front.
  for (let k = chars.length - 1; k > 0; k--) {
    const j = randomInt(k + 1);
    [chars[k], chars[j]] = [chars[j], chars[k]];
  }
  return chars.join('');
}
