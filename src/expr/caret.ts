// Shows where in an expression a problem is: the line holding the position (a window of it when the line is
// long) and a caret under the character.

const WINDOW = 70;

/** Two lines: the expression around `position`, and a caret under it. `indent` prefixes both. */
export function pointAt(text: string, position: number, indent = '  '): string {
  const pos = Math.max(0, Math.min(position, text.length));
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  let lineEnd = text.indexOf('\n', pos);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/[\t\r]/g, ' ');
  let col = pos - lineStart;
  let from = 0;
  let to = line.length;
  if (line.length > 2 * WINDOW) {
    from = Math.max(0, col - WINDOW);
    to = Math.min(line.length, col + WINDOW);
  }
  const shown = `${from > 0 ? '...' : ''}${line.slice(from, to)}${to < line.length ? '...' : ''}`;
  col = col - from + (from > 0 ? 3 : 0);
  return `${indent}${shown}\n${indent}${' '.repeat(col)}^`;
}
