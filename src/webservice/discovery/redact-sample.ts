// Secret values never reach a project file: sample bodies and schema examples keep their shape, but the value of
// every field whose name looks secret (password, hash, token, secret, key …) is replaced by a placeholder.
import type { DiscoveredOperation, DiscoveredService } from './discovered-service.ts';

/** What a secret value is replaced with (a string keeps the field's place and type in the sample). */
export const REDACTED = '<redacted>';

/** Words of a field name that mark its value as a secret. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'hash',
  'token',
  'secret',
  'key',
  'apikey',
  'credential',
  'credentials',
  'salt',
  'otp',
]);
/** Parts that mark a name as secret even inside one word (`newpassword`, `clientsecret`, `accesstoken`). */
const SECRET_PARTS = /password|passwd|secret|token|apikey|privatekey|hash/;

/** True when a field or parameter name looks like it holds a secret (password, passwordHash, api_key, x-api-key …). */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SECRET_WORDS.has(w) || SECRET_PARTS.test(w));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The placeholder for a secret value, with the same shape: strings and numbers replaced, lists and objects kept. */
function placeholder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(placeholder);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, placeholder(x)]));
  if (typeof v === 'string') return REDACTED;
  if (typeof v === 'number') return 0;
  return v; // booleans and null say nothing secret
}

/** A copy of a sample JSON value in which every secret-looking field holds a placeholder. */
export function redactSample(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactSample);
  if (isObject(v))
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, isSecretName(k) ? placeholder(x) : redactSample(x)]),
    );
  return v;
}

/** Keys of a schema or parameter whose value is a sample of the data, not a description of it. */
const SAMPLE_KEYS = new Set(['example', 'examples', 'x-example', 'default', 'const']);

/** Walks an operation (parameters, request and response schemas with their examples), redacting every sample. */
function walk(node: unknown, secret: boolean): unknown {
  if (Array.isArray(node)) return node.map((x) => walk(x, secret));
  if (!isObject(node)) return node;
  // A parameter (`{ name: password, in: query, default: … }`) is secret by its name.
  const here = secret || (typeof node.name === 'string' && typeof node.in === 'string' && isSecretName(node.name));
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (SAMPLE_KEYS.has(k)) out[k] = here ? placeholder(v) : redactSample(v);
    else if (k === 'enum' && here) out[k] = placeholder(v);
    else if (k === 'properties' && isObject(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, walk(s, here || isSecretName(name))]));
    else out[k] = walk(v, here);
  }
  return out;
}

/** The operation with every sample value of a secret-looking field redacted (its shape kept). */
export function redactOperation(op: DiscoveredOperation): DiscoveredOperation {
  return walk(op, false) as DiscoveredOperation;
}

/** The discovered service with every operation redacted, as it may be written into a project. */
export function redactDiscovered(found: DiscoveredService): DiscoveredService {
  return {
    ...found,
    operations: Object.fromEntries(Object.entries(found.operations).map(([id, op]) => [id, redactOperation(op)])),
  };
}
