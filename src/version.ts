// The version of Ferry: package.json is its one source, read at start (src/ and dist/ both sit beside it).
import { readFileSync } from 'node:fs';

/** Ferry's version, as package.json gives it. */
export const FERRY_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
