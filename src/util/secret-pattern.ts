// Finding a secret in text however an application echoed it. Every character of the secret may appear as
// itself or in any of the encodings applications use when they echo input back: JSON escapes (`\"`, `\\`, `\/`,
// `\n`, `\u00e9`, surrogate pairs `\ud83d\ude00`, hex in either case), URL or form encoding of its UTF-8 bytes
// (`%C3%A9`, `+`), and XML/HTML character references (`&amp;`, `&#233;`, `&#xE9;`). Encoders choose per character
// what to escape, so each character is matched on its own rather than by listing whole encoded forms.
// The match runs as a search over (position in text, characters of the secret matched) states, so no input can
// make it backtrack exponentially.

/** One way a character can appear: `ci` when letters compare case-insensitively (hex digits). */
interface Token {
  text: string;
  ci: boolean;
}

/** A found occurrence: the text from `start` to `end` (code units) is the secret, or the part that was kept. */
export interface SecretSpan {
  start: number;
  end: number;
}

/** JavaScript's `\s`: what message formatting collapses into one space. */
const SPACE = /^\s$/u;

/** Hex of a code unit, 4 digits. */
const hex4 = (n: number) => n.toString(16).padStart(4, '0');
/** Hex of a byte, 2 digits. */
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

const JSON_SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const XML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** The characters of `s` as code points, lone surrogates kept as their own character. */
function characters(s: string): string[] {
  return Array.from(s);
}

function isLoneSurrogate(ch: string): boolean {
  if (ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return c >= 0xd800 && c <= 0xdfff;
}

/** Every way `ch` (one code point) may appear in echoed text. */
function tokensOf(ch: string): Token[] {
  // A lone surrogate cannot travel in UTF-8: an encoder or decoder on the way replaces it with U+FFFD.
  const forms = isLoneSurrogate(ch) ? [ch, '\ufffd'] : [ch];
  const out: Token[] = [];
  const seen = new Set<string>();
  const push = (text: string, ci: boolean) => {
    const key = `${ci ? 'i' : 's'}${ci ? text.toLowerCase() : text}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ text, ci });
  };
  for (const f of forms) {
    push(f, false);
    // JSON: a short escape, or \uXXXX per UTF-16 code unit (a surrogate pair for astral characters).
    if (JSON_SHORT[f]) push(JSON_SHORT[f], false);
    let units = '';
    for (let i = 0; i < f.length; i++) units += `\\u${hex4(f.charCodeAt(i))}`;
    push(units, true);
    // URL and form encoding: every UTF-8 byte as %XX; a space as "+".
    const bytes = Buffer.from(f, 'utf8');
    push([...bytes].map((b) => `%${hex2(b)}`).join(''), true);
    if (f === ' ') push('+', false);
    // XML and HTML: named and numeric character references.
    if (XML_NAMED[f]) push(XML_NAMED[f], false);
    const cp = f.codePointAt(0) ?? 0;
    push(`&#${cp};`, false);
    push(`&#x${cp.toString(16)};`, true);
  }
  return out;
}

function startsWithAt(text: string, pos: number, t: Token): boolean {
  const n = t.text.length;
  if (pos + n > text.length) return false;
  if (!t.ci) return text.startsWith(t.text, pos);
  // Case-insensitive tokens are ASCII: fold letters with 0x20.
  for (let i = 0; i < n; i++) {
    const a = text.charCodeAt(pos + i);
    const b = t.text.charCodeAt(i);
    if (a !== b && ((a | 0x20) !== (b | 0x20) || (b | 0x20) < 0x61 || (b | 0x20) > 0x7a)) return false;
  }
  return true;
}

/** True when the text from `pos` to `end` is the start of `t`, cut short. */
function isCutToken(text: string, pos: number, end: number, t: Token): boolean {
  if (end <= pos || end - pos >= t.text.length) return false;
  const rest = text.slice(pos, end);
  return t.ci ? t.text.toLowerCase().startsWith(rest.toLowerCase()) : t.text.startsWith(rest);
}

/** Trimming spaces off a secret's ends still matches when this many code units are left. */
const CUT_MIN_CHARS = 4;
/**
 * Partial matches cut by the end of the text are masked when they span this many code units of the text. Fewer
 * would mask ordinary endings ("…/latest" against a key "test-key-…"); a formatter that cuts a message marks the
 * cut with "…", which needs less.
 */
const CUT_MIN_CHARS_AT_END = 8;
/** …or this many when the text ends with "…" (a message formatter cut it there). */
const CUT_MIN_CHARS_ELLIPSIS = 2;

/** A compiled secret: finds its occurrences in any encoding. */
export class SecretPattern {
  private readonly chars: string[];
  private readonly tokens: Token[][];
  private readonly space: boolean[];
  /** True when the secret may begin with a space (of any kind, after formatting). */
  readonly spaceFirst: boolean;
  /** Index of the first non-space character, and one past the last: formatting trims spaces at the ends. */
  private readonly coreStart: number;
  private readonly coreEnd: number;
  /** Code units that can begin a match. */
  /** The secret's characters a match may begin with (the first, or the first after leading spaces). */
  private readonly starts: number[];
  /** Code units that can begin a match. */
  readonly firstUnits: ReadonlySet<string>;

  constructor(secret: string) {
    this.chars = characters(secret);
    this.tokens = this.chars.map(tokensOf);
    this.space = this.chars.map((c) => SPACE.test(c));
    let a = 0;
    while (a < this.chars.length && this.space[a]) a++;
    let b = this.chars.length;
    while (b > a && this.space[b - 1]) b--;
    // Trimmed matches only when enough of the secret is left to not mask ordinary words.
    const trimmedLongEnough = this.chars.slice(a, b).join('').length >= CUT_MIN_CHARS;
    this.coreStart = trimmedLongEnough ? a : 0;
    this.coreEnd = trimmedLongEnough ? b : this.chars.length;
    this.starts = [...new Set([0, this.coreStart])].filter((k) => k < this.chars.length);
    const first = new Set<string>();
    this.spaceFirst = this.space[0] === true || this.space[this.coreStart] === true;
    for (const k of new Set([0, this.coreStart])) {
      if (k >= this.chars.length) continue;
      for (const t of this.tokens[k]) {
        first.add(t.text[0]);
        if (t.ci) {
          first.add(t.text[0].toLowerCase());
          first.add(t.text[0].toUpperCase());
        }
      }
    }
    this.firstUnits = first;
  }

  /** True when one of the first characters' encodings (or a space) is at `pos`: most positions stop here. */
  private canBeginAt(text: string, pos: number): boolean {
    for (const k of this.starts) {
      if (this.space[k] && SPACE.test(text[pos])) return true;
      for (const t of this.tokens[k]) {
        if (startsWithAt(text, pos, t)) return true;
        // A cut at the end of the text (or before a final "…") may leave only the start of one encoding.
        if (isCutToken(text, pos, text.length, t)) return true;
        if (text.endsWith('\u2026') && isCutToken(text, pos, text.length - 1, t)) return true;
      }
    }
    return false;
  }

  /** The end of the longest occurrence starting at `start` in `text`, or -1. */
  matchAt(text: string, start: number): number {
    const m = this.chars.length;
    if (m === 0 || !this.canBeginAt(text, start)) return -1;
    const ellipsis = text.endsWith('\u2026') ? text.length - 1 : -1;
    let best = -1;
    const seen = new Set<number>();
    const stack: [number, number][] = [[0, start]];
    if (this.coreStart > 0) stack.push([this.coreStart, start]);
    while (stack.length > 0) {
      const [k, pos] = stack.pop() as [number, number];
      const key = k * (text.length + 1) + pos;
      if (seen.has(key)) continue;
      seen.add(key);
      if (k >= this.coreEnd && pos > start) best = Math.max(best, pos);
      // Cut by the end of the text (a message keeps only the start of what the application said), perhaps in
      // the middle of one character's encoding.
      for (const [end, min] of [
        [text.length, CUT_MIN_CHARS_AT_END],
        [ellipsis, CUT_MIN_CHARS_ELLIPSIS],
      ]) {
        if (end - start < min || pos > end) continue;
        if (pos === end || (k < m && this.tokens[k].some((t) => isCutToken(text, pos, end, t))))
          best = Math.max(best, end);
      }
      if (k === m || pos >= text.length) continue;
      for (const t of this.tokens[k]) if (startsWithAt(text, pos, t)) stack.push([k + 1, pos + t.text.length]);
      if (this.space[k] && SPACE.test(text[pos])) {
        // Spaces collapsed or changed by formatting: a run in the secret against a run in the text.
        let k2 = k;
        while (k2 < m && this.space[k2]) k2++;
        let p2 = pos;
        while (p2 < text.length && SPACE.test(text[p2])) p2++;
        stack.push([k2, p2]);
      }
    }
    return best;
  }
}

/** Patterns by the code units their matches can begin with, so most positions of a text cost one lookup. */
export class SecretIndex {
  private readonly byUnit = new Map<string, SecretPattern[]>();
  private readonly bySpace: SecretPattern[] = [];

  constructor(patterns: Iterable<SecretPattern>) {
    for (const p of patterns) {
      for (const u of p.firstUnits) {
        const list = this.byUnit.get(u);
        if (list) list.push(p);
        else this.byUnit.set(u, [p]);
      }
      if (p.spaceFirst) this.bySpace.push(p);
    }
  }

  /** The spans of `text` where a secret occurs, left to right, not overlapping (longest at each start). */
  find(text: string): SecretSpan[] {
    const spans: SecretSpan[] = [];
    let pos = 0;
    while (pos < text.length) {
      const unit = text[pos];
      const candidates = this.byUnit.get(unit);
      let end = -1;
      if (candidates) for (const p of candidates) end = Math.max(end, p.matchAt(text, pos));
      if (this.bySpace.length > 0 && SPACE.test(unit))
        for (const p of this.bySpace) end = Math.max(end, p.matchAt(text, pos));
      if (end > pos) {
        spans.push({ start: pos, end });
        pos = end;
      } else pos++;
    }
    return spans;
  }
}
