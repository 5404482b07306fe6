// A copy of a loaded configuration that is safe to print: tokens, passphrases and resolved secrets replaced.
import type { HostConfig } from './host-config.ts';
import type { SettingPath } from './yaml-source.ts';

/** What replaces a secret in a redacted configuration. */
export const REDACTED = '[redacted]';

/** Parameter names treated as secrets even when written in clear. */
const SECRET_NAME = /pass|secret|token|api[-_]?key|credential|private/i;

const secretPaths = new WeakMap<HostConfig, readonly SettingPath[]>();

/** Records which settings of a loaded configuration held a secret reference (used by redactConfig). */
export function rememberSecretPaths(cfg: HostConfig, paths: readonly SettingPath[]): void {
  secretPaths.set(cfg, paths);
}

/**
 * A deep copy of `cfg` with secretToken (and previous ones), adminToken, adminReadOnlyToken, metricsToken,
 * tls.passphrase, every parameter whose raw value was a secret reference (or whose name says it is a secret) and any
 * other resolved reference set to "[redacted]".
 */
export function redactConfig(cfg: HostConfig): HostConfig {
  const copy = structuredClone(cfg);
  if (copy.host.adminToken !== undefined) copy.host.adminToken = REDACTED;
  if (copy.host.metricsToken !== undefined) copy.host.metricsToken = REDACTED;
  if (copy.host.adminReadOnlyToken !== undefined) copy.host.adminReadOnlyToken = REDACTED;
  if (copy.host.tls?.passphrase !== undefined) copy.host.tls.passphrase = REDACTED;
  if (copy.host.store?.kind === 'postgres') copy.host.store.url = REDACTED;
  for (const c of copy.connectors) {
    c.secretToken = REDACTED;
    for (const p of c.previousSecretTokens ?? []) p.token = REDACTED;
    for (const name of Object.keys(c.parameters)) if (SECRET_NAME.test(name)) c.parameters[name] = REDACTED;
  }
  for (const path of secretPaths.get(cfg) ?? []) setAt(copy, path, REDACTED);
  return copy;
}

function setAt(root: unknown, path: SettingPath, value: string): void {
  let node = root as Record<string | number, unknown> | undefined;
  for (const seg of path.slice(0, -1)) {
    const next = node?.[seg];
    if (next === null || typeof next !== 'object') return;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (node && last !== undefined && last in node) node[last] = value;
}
