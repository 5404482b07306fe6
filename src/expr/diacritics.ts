// NormalizeDiacritics: exactly the character table of Microsoft's reference, no more (a letter the table does not
// list, such as "œ" alone, is left as it is). Input and table are compared in NFC, so decomposed input matches.

// Combining marks used to spell the table's letters that have no single code point.
const ACUTE = '\u0301';
const GRAVE = '\u0300';
const CIRC = '\u0302';
const TILDE = '\u0303';
const MACRON = '\u0304';
const DIAER = '\u0308';
const RING = '\u030A';
const DOT = '\u0307';
const BELOW = '\u0331'; // macron below
const DIAER_BELOW = '\u0324';

/** The reference's lower-case rows: the normalized text and the letters that become it. */
const LOWER_ROWS: ReadonlyArray<[string, string[]]> = [
  [
    'a',
    [
      'ä',
      'à',
      'â',
      'ã',
      'å',
      'á',
      'ą',
      'ă',
      'ā',
      `ā${ACUTE}`,
      `ā${GRAVE}`,
      `ā${CIRC}`,
      `ā${TILDE}`,
      'ǟ',
      `ā${DIAER}`,
      'ǡ',
      `a${BELOW}`,
      `å${MACRON}`,
    ],
  ],
  ['ae', ['æ', 'ǣ']],
  ['c', ['ç', 'č', 'ć', `c${MACRON}`, `c${BELOW}`]],
  ['d', ['ď', `d${MACRON}`, 'ḏ']],
  [
    'e',
    [
      'ë',
      'è',
      'é',
      'ê',
      'ę',
      'ě',
      'ė',
      'ē',
      'ḗ',
      'ḕ',
      `ē${CIRC}`,
      `ē${TILDE}`,
      `ê${MACRON}`,
      `e${BELOW}`,
      `ë${MACRON}`,
      `e${RING}${MACRON}`,
    ],
  ],
  ['g', ['ğ', 'ḡ', `g${BELOW}`]],
  ['i', ['ï', 'î', 'ì', 'í', 'ı', 'ī', `ī${ACUTE}`, `ī${GRAVE}`, `ī${CIRC}`, `ī${TILDE}`, `i${BELOW}`]],
  ['l', ['ľ', 'ł', `l${MACRON}`, 'ḹ', 'ḻ']],
  ['n', ['ñ', 'ń', 'ň', `n${MACRON}`, 'ṉ']],
  [
    'o',
    [
      'ö',
      'ò',
      'ő',
      'õ',
      'ô',
      'ó',
      'ō',
      'ṓ',
      'ṑ',
      `ō${CIRC}`,
      `ō${TILDE}`,
      'ȫ',
      `ō${DIAER}`,
      'ǭ',
      'ȭ',
      'ȱ',
      `o${BELOW}`,
    ],
  ],
  ['oe', ['ø', `ø${MACRON}`, `œ${MACRON}`]],
  ['r', ['ř', `r${MACRON}`, 'ṟ', 'ṝ']],
  ['s', ['š', 'ś', 'ș', 'ş', `s${MACRON}`, `s${BELOW}`]],
  ['t', ['ť', 'ț', `t${MACRON}`, 'ṯ']],
  [
    'u',
    [
      'ü',
      'ù',
      'û',
      'ú',
      'ů',
      'ű',
      'ū',
      `ū${ACUTE}`,
      `ū${GRAVE}`,
      `ū${CIRC}`,
      `ū${TILDE}`,
      `u${DOT}${MACRON}`,
      'ǖ',
      'ṻ',
      `u${DIAER_BELOW}${MACRON}`,
      `u${BELOW}`,
    ],
  ],
  ['y', ['ÿ', 'ý', 'ȳ', `ȳ${ACUTE}`, `ȳ${GRAVE}`, `ȳ${TILDE}`, `y${BELOW}`]],
  ['z', ['ź', 'ž', 'ż', `z${MACRON}`, 'ẕ']],
];

function buildTable(): { map: Map<string, string>; longest: number } {
  const map = new Map<string, string>();
  const add = (from: string, to: string): void => {
    map.set(from.normalize('NFC'), to);
  };
  for (const [to, froms] of LOWER_ROWS) {
    for (const from of froms) {
      add(from, to);
      // The upper-case rows are the same letters capitalised ("ı" has "İ" instead, "ß" below has none).
      const upper = from === 'ı' ? 'İ' : from[0].toUpperCase() + from.slice(1);
      if (upper !== from && upper.length === from.length) add(upper, to.toUpperCase());
    }
  }
  add('ß', 'ss');
  let longest = 0;
  for (const k of map.keys()) longest = Math.max(longest, k.length);
  return { map, longest };
}

const TABLE = buildTable();

/** The table as pairs (letter → replacement), for tests and documentation. */
export function diacriticsTable(): ReadonlyMap<string, string> {
  return TABLE.map;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, controls included
const ASCII_ONLY = /^[\x00-\x7F]*$/;

/** Replaces the reference's diacritic letters with their plain equivalents ("Zoë" → "Zoe", "ß" → "ss"). */
export function normalizeDiacritics(source: string): string {
  if (ASCII_ONLY.test(source)) return source;
  const s = source.normalize('NFC');
  let out = '';
  let i = 0;
  outer: while (i < s.length) {
    for (let len = Math.min(TABLE.longest, s.length - i); len >= 1; len--) {
      const hit = TABLE.map.get(s.slice(i, i + len));
      if (hit !== undefined) {
        out += hit;
        i += len;
        continue outer;
      }
    }
    out += s[i];
    i++;
  }
  return out;
}
