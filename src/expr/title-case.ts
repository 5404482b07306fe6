// PCase: Entra lower-cases the text, then capitalises the first letter of each word. Without separators it is
// .NET's TextInfo.ToTitleCase, whose word boundaries are the Unicode categories the reference lists; with
// separators, only those characters separate words.
import { toLower, toUpper } from './casing.ts';

const LETTER = /\p{L}/u;
// ToTitleCase treats these categories as word separators: spaces, controls, format characters, punctuation and
// symbols. Letters, marks, digits and unassigned code points continue a word.
const SEPARATOR = /[\p{Z}\p{Cc}\p{Cf}\p{Pc}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Sm}\p{Sc}\p{Sk}\p{So}]/u;
// Letters whose title case differs from their upper case (Dž, Lj, Nj, Dz).
const TITLE_CASE: Readonly<Record<string, string>> = {
  Ǆ: 'ǅ',
  ǅ: 'ǅ',
  ǆ: 'ǅ',
  Ǉ: 'ǈ',
  ǈ: 'ǈ',
  ǉ: 'ǈ',
  Ǌ: 'ǋ',
  ǋ: 'ǋ',
  ǌ: 'ǋ',
  Ǳ: 'ǲ',
  ǲ: 'ǲ',
  ǳ: 'ǲ',
};

function title(c: string): string {
  return TITLE_CASE[c] ?? toUpper(c);
}

/** .NET ToTitleCase of an already lower-cased string: the first letter of each word in title case. */
function toTitleCase(s: string): string {
  let out = '';
  let inWord = false;
  for (const c of s) {
    if (!inWord) {
      if (LETTER.test(c)) {
        out += title(c);
        inWord = true;
      } else {
        out += c;
      }
    } else {
      // An apostrophe does not end a word ("o'neil" → "O'neil"), as in .NET.
      if (c !== "'" && SEPARATOR.test(c)) inWord = false;
      out += c;
    }
  }
  return out;
}

/** PCase(source, wordSeparators): proper case, with the default separators or only the given ones. */
export function properCase(source: string, separators?: string): string {
  const lower = toLower(source);
  if (separators === undefined) return toTitleCase(lower);
  let out = '';
  let atStart = true;
  for (const c of lower) {
    out += atStart ? title(c) : c;
    atStart = separators.includes(c);
  }
  return out;
}
