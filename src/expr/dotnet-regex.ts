// .NET regular expressions on JavaScript's engine: the pattern syntax is nearly the same (named groups
// "(?<name>…)" included); the few .NET-only forms Entra users write are translated, and .NET's substitution
// syntax ("${name}", "$1", "$$", "$&", "$`", "$'", "$+", "$_") is applied by hand.

/** Thrown when a pattern is not valid (or uses .NET syntax JavaScript lacks). */
export class RegexSyntaxError extends Error {
  override readonly name: string = 'RegexSyntaxError';
}

const cache = new Map<string, RegExp>();

/** Compiles a .NET pattern into a global JavaScript RegExp with match indices (cached). */
export function dotnetRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = translate(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

function translate(pattern: string): RegExp {
  let flags = 'gd';
  let p = pattern;
  // Leading inline options "(?i)", "(?im)": JavaScript has them only as flags.
  const inline = /^\(\?([imsx]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const o of new Set(inline[1])) if (o !== 'x') flags += o;
  }
  p = p
    .replace(/\(\?'([A-Za-z_][A-Za-z0-9_]*)'/g, '(?<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$');
  try {
    // The "u" flag gives \p{…} categories as .NET has them; patterns it rejects ("\_") are tried without it.
    return new RegExp(p, `${flags}u`);
  } catch {
    try {
      return new RegExp(p, flags);
    } catch (e) {
      throw new RegexSyntaxError(
        `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      );
    }
  }
}

/** Expands a .NET replacement string for one match. */
function substitute(replacement: string, m: RegExpExecArray, input: string): string {
  if (!replacement.includes('$')) return replacement;
  let out = '';
  let i = 0;
  while (i < replacement.length) {
    const c = replacement[i];
    if (c !== '$' || i + 1 >= replacement.length) {
      out += c;
      i++;
      continue;
    }
    const n = replacement[i + 1];
    if (n === '$') {
      out += '$';
      i += 2;
    } else if (n === '&') {
      out += m[0];
      i += 2;
    } else if (n === '`') {
      out += input.slice(0, m.index);
      i += 2;
    } else if (n === "'") {
      out += input.slice(m.index + m[0].length);
      i += 2;
    } else if (n === '_') {
      out += input;
      i += 2;
    } else if (n === '+') {
      out += m.length > 1 ? (m[m.length - 1] ?? '') : '';
      i += 2;
    } else if (n === '{') {
      const close = replacement.indexOf('}', i + 2);
      const name = close < 0 ? '' : replacement.slice(i + 2, close);
      const value = /^\d+$/.test(name)
        ? Number(name) < m.length
          ? (m[Number(name)] ?? '')
          : undefined
        : m.groups && name in m.groups
          ? (m.groups[name] ?? '')
          : undefined;
      if (value === undefined) {
        // Not a group: .NET keeps the text as written.
        out += '$';
        i++;
      } else {
        out += value;
        i = close + 1;
      }
    } else if (n >= '0' && n <= '9') {
      // The longest run of digits that names an existing group.
      let j = i + 1;
      while (j < replacement.length && replacement[j] >= '0' && replacement[j] <= '9') j++;
      let k = j;
      while (k > i + 1 && Number(replacement.slice(i + 1, k)) >= m.length) k--;
      if (k === i + 1) {
        out += '$';
        i++;
      } else {
        out += m[Number(replacement.slice(i + 1, k))] ?? '';
        i = k;
      }
    } else {
      out += '$';
      i++;
    }
  }
  return out;
}

/** Walks every match left to right, as .NET does (an empty match advances by one character). */
function* matches(re: RegExp, input: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(input);
    if (!m) return;
    yield m;
    if (m[0] === '') re.lastIndex = m.index + 1;
    if (re.lastIndex > input.length) return;
  }
}

/** Regex.Replace(input, pattern, replacement) with .NET substitutions. */
export function regexReplace(input: string, pattern: string, replacement: string): string {
  const re = dotnetRegex(pattern);
  let out = '';
  let last = 0;
  for (const m of matches(re, input)) {
    out += input.slice(last, m.index) + substitute(replacement, m, input);
    last = m.index + m[0].length;
  }
  return out + input.slice(last);
}

/** Replaces, in every match, the text the named group captured with `replacement` (taken literally). */
export function regexReplaceGroup(input: string, pattern: string, group: string, replacement: string): string {
  const re = dotnetRegex(pattern);
  let out = '';
  let last = 0;
  for (const m of matches(re, input)) {
    const span = m.indices?.groups?.[group];
    if (!span) continue;
    out += input.slice(last, span[0]) + replacement;
    last = span[1];
  }
  return out + input.slice(last);
}

/** The text the named group captured in the first match, or "" (a .NET Group's Value when it did not match). */
export function regexGroupValue(input: string, pattern: string, group: string): string {
  const re = dotnetRegex(pattern);
  const m = re.exec(input);
  re.lastIndex = 0;
  return m?.groups?.[group] ?? '';
}

/** Whether `group` names a group of the pattern (so a misspelt group name is reported, not silently ignored). */
export function hasGroup(pattern: string, group: string): boolean {
  const re = dotnetRegex(pattern);
  const m = new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('');
  return m?.groups !== undefined && group in m.groups;
}
