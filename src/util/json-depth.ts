// How deeply a JSON text nests, found by one scan of the text before it is parsed: a value nested thousands of
// levels deep parses fine but overflows the stack of every recursive walk after it (clone, compare, stringify).

/** The default deepest nesting of arrays and objects a request body may have (a SCIM body needs about 8). */
export const MAX_JSON_DEPTH = 64;

/** The 1-based position where JSON `text` opens its (max + 1)-th nested array or object, or -1 when it never does. */
export function jsonDepthExceededAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i + 1;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}
