// Opaque page tokens: the position after the last row of a page, for one kind of list. Clients pass them back
// unchanged; anything else is refused (dir:InvalidPageToken) rather than silently restarting the list.
import { DirectoryError } from './directory-error.ts';

/** The token that continues `kind` after row `seq`. */
export function encodePageToken(kind: 'people' | 'groups', seq: number): string {
  return Buffer.from(`${kind}:${seq}`, 'utf8').toString('base64url');
}

/** The row after which a page starts (0: the first page, when there is no token). */
export function decodePageToken(kind: 'people' | 'groups', token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const m = /^([a-z]+):(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m || m[1] !== kind) throw new DirectoryError('InvalidPageToken', `"${token}" is not a page token of ${kind}`);
  return Number(m[2]);
}
