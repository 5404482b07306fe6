// Secret references in configuration strings: "${env:NAME}" and "${file:PATH}", resolved after validation.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigProblem } from './config-error.ts';
import type { SettingPath, YamlSource } from './yaml-source.ts';

const REFERENCE = /\$\{(env|file):([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `s` contains a secret reference (`${env:NAME}` or `${file:PATH}`), alone or inside a longer string. */
export function isSecretReference(s: unknown): boolean {
  return typeof s === 'string' && new RegExp(REFERENCE.source).test(s);
}

/** Where references are resolved from. */
export interface SecretContext {
  /** Environment variables (usually process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** Folder that relative `${file:PATH}` paths start from (the config file's folder). */
  baseDir: string;
}

/** What resolution did: the problems found and the paths of every string that held a reference. */
export interface SecretResolution {
  problems: ConfigProblem[];
  resolvedPaths: SettingPath[];
}

/**
 * Replaces, in place, every secret reference in every string of `value` (objects and arrays walked deeply).
 * A missing variable or unreadable file is a problem at the setting's line, naming the variable or file.
 */
export function resolveSecrets(value: unknown, source: YamlSource, ctx: SecretContext): SecretResolution {
  const result: SecretResolution = { problems: [], resolvedPaths: [] };
  walk(value, [], (text, path) => {
    if (!isSecretReference(text)) return text;
    result.resolvedPaths.push(path);
    return text.replace(REFERENCE, (_whole, kind: string, arg: string) => {
      const r = kind === 'env' ? fromEnv(arg.trim(), ctx) : fromFile(arg.trim(), ctx);
      if (typeof r === 'string') return r;
      result.problems.push(source.problem(path, r.problem));
      return '';
    });
  });
  return result;
}

function fromEnv(name: string, ctx: SecretContext): string | { problem: string } {
  if (!ENV_NAME.test(name)) return { problem: `"\${env:${name}}": not a valid environment variable name` };
  const v = ctx.env[name];
  return v === undefined ? { problem: `environment variable ${name} is not set` } : v;
}

function fromFile(path: string, ctx: SecretContext): string | { problem: string } {
  if (!path) return { problem: '"${file:}" needs a file path' };
  try {
    return readFileSync(resolve(ctx.baseDir, path), 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { problem: `cannot read secret file ${path} (${code})` };
  }
}

function walk(node: unknown, path: (string | number)[], fn: (s: string, path: SettingPath) => string): unknown {
  if (typeof node === 'string') return fn(node, path);
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      node[i] = walk(item, [...path, i], fn);
    });
  } else if (node !== null && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    for (const key of Object.keys(obj)) obj[key] = walk(obj[key], [...path, key], fn);
  }
  return node;
}

/** Smallest estimated strength of a secret token, in bits, below which the host warns. */
export const WEAK_TOKEN_BITS = 64;

/**
 * Why a resolved bearer token (connector secret, admin token) cannot be used, or undefined when it can: too short,
 * or holding whitespace (HTTP clients and proxies trim or split on it, so such a token can never authenticate).
 */
export function tokenProblem(token: string, minLength: number): string | undefined {
  if (token.length < minLength) return `must be at least ${minLength} characters`;
  if (/\s/u.test(token)) return 'must not contain spaces or other whitespace (such a token can never authenticate)';
  return undefined;
}

/**
 * An estimate of a token's strength in bits: its length times the Shannon entropy of its characters. Low for
 * repeats (`aaaaaaaaaaaa`: 0) and short alphabets; `ferry token new` makes 256-bit ones.
 */
export function tokenStrengthBits(token: string): number {
  const chars = Array.from(token);
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  return perChar * chars.length;
}

/** True when a token is usable but guessable (estimated under WEAK_TOKEN_BITS): the host warns at start. */
export function isWeakToken(token: string): boolean {
  return tokenStrengthBits(token) < WEAK_TOKEN_BITS;
}
