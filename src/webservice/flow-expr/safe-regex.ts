// Regular expressions for flow expressions, made safe against catastrophic backtracking (ReDoS): a pattern runs
// on V8's linear-time engine when it can; one that cannot (case-insensitive, lookaround, back-references) must
// pass safe-regex2's check for nested repetition, and its input is bounded so polynomial backtracking stays small.
import { setFlagsFromString } from 'node:v8';
import safeRegex from 'safe-regex2';

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 500;
/** Longest text a linear-time pattern reads. */
export const MAX_LINEAR_INPUT = 100_000;
/** Longest text a backtracking pattern (flag i, lookaround, back-reference) reads: keeps a polynomial worst case small. */
export const MAX_BACKTRACKING_INPUT = 1_000;
const FLAGS = /^[imsu]*$/;

/** A pattern refused at compile time (syntax, unsafe, too long) or an input it may not read. */
export class RegexError extends Error {
  override readonly name: string = 'RegexError';
}

/** A compiled, checked pattern. */
export interface SafeRegex {
  /** Non-global form, for test and match. */
  re: RegExp;
  /** Global form, for matchAll and replace. */
  all: RegExp;
  /** Longest input this pattern may read. */
  maxInput: number;
}

// The linear engine is opt-in in V8 (the `l` flag); enabling it only adds that flag, it changes no other regex.
let linearEngine = false;
try {
  setFlagsFromString('--enable-experimental-regexp-engine');
  // biome-ignore lint/complexity/useRegexLiterals: a literal with the l flag would not parse before the flag is set
  new RegExp('a', 'l');
  linearEngine = true;
} catch {
  linearEngine = false;
}

const cache = new Map<string, SafeRegex>();
const CACHE_LIMIT = 1000;

/** Compiles a pattern with its flags (cached); throws RegexError saying what is wrong. */
export function compileRegex(pattern: string, flags = ''): SafeRegex {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (pattern.length > MAX_PATTERN_LENGTH)
    throw new RegexError(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  if (!FLAGS.test(flags)) throw new RegexError(`regex flags "${flags}": only i, m, s and u are allowed`);
  let compiled: SafeRegex | undefined;
  if (linearEngine) {
    try {
      compiled = {
        re: new RegExp(pattern, `${flags}l`),
        all: new RegExp(pattern, `${flags}gl`),
        maxInput: MAX_LINEAR_INPUT,
      };
    } catch {
      compiled = undefined; // not linear-time (or a syntax error, which the plain compile below reports)
    }
  }
  if (!compiled) {
    let re: RegExp;
    try {
      re = new RegExp(pattern, flags);
    } catch (e) {
      throw new RegexError(
        `bad regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      );
    }
    if (!safeRegex(re))
      throw new RegexError(
        `the pattern /${pattern}/ may take exponential time (a repetition inside a repetition, such as (a+)+): rewrite it`,
      );
    compiled = { re, all: new RegExp(pattern, `${flags}g`), maxInput: MAX_BACKTRACKING_INPUT };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** The text a pattern may read: refuses one longer than the pattern's bound. */
export function regexInput(r: SafeRegex, text: string): string {
  if (text.length > r.maxInput)
    throw new RegexError(
      `the text is ${text.length} characters long; this pattern reads at most ${r.maxInput}${
        r.maxInput === MAX_BACKTRACKING_INPUT ? ' (it needs backtracking: flag i, lookaround or a back-reference)' : ''
      }`,
    );
  return text;
}
