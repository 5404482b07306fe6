// Loads ferry.yaml: parse, validate, computed defaults, secrets, cross checks, absolute paths.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { checkHostConfig } from './check-host-config.ts';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { HostConfigSchema, MIN_TOKEN_LENGTH, type HostConfig } from './host-config.ts';
import { parseYaml } from './load-yaml.ts';
import { rememberSecretPaths } from './redact-config.ts';
import { resolveSecrets, tokenProblem } from './secrets.ts';
import type { YamlSource } from './yaml-source.ts';

export { redactConfig } from './redact-config.ts';

/** Environment variables that `${env:NAME}` references read. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** Loads and checks a host configuration file; throws a ConfigError listing every problem with file:line:column. */
export function loadHostConfig(file: string, env: ConfigEnv = process.env): HostConfig {
  return loadHostConfigSource(file, env).config;
}

/** A loaded host configuration and the parsed file it came from (to locate later problems at their setting). */
export interface LoadedHostConfig {
  config: HostConfig;
  source: YamlSource;
}

/** As loadHostConfig, and also returns the parsed file, so that later checks can report file:line:column. */
export function loadHostConfigSource(file: string, env: ConfigEnv = process.env): LoadedHostConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError({
      file,
      line: 0,
      column: 0,
      path: '',
      message: `cannot read the configuration file (${code})`,
    });
  }
  return parseHostConfigSource(text, file, env);
}

/**
 * Parses host configuration text as if read from `file` (which anchors relative paths and names the file in
 * messages), resolving `${env:}` references from `env`.
 */
export function parseHostConfig(text: string, file: string, env: ConfigEnv = process.env): HostConfig {
  return parseHostConfigSource(text, file, env).config;
}

/** As parseHostConfig, and also returns the parsed file. */
export function parseHostConfigSource(text: string, file: string, env: ConfigEnv = process.env): LoadedHostConfig {
  const { value: cfg, source } = parseYaml(text, file, HostConfigSchema);
  const baseDir = dirname(resolve(file));
  fillComputedDefaults(cfg);
  const secrets = resolveSecrets(cfg, source, { env, baseDir });
  const problems: ConfigProblem[] = [
    ...secrets.problems,
    ...checkHostConfig(cfg, source),
    ...tokenProblems(cfg, source, secrets.problems),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  makePathsAbsolute(cfg, baseDir);
  rememberSecretPaths(cfg, secrets.resolvedPaths);
  return { config: cfg, source };
}

/** Defaults that depend on other settings or on the machine. */
function fillComputedDefaults(cfg: HostConfig): void {
  const raw = cfg.host as Partial<HostConfig['host']>;
  if (raw.hostName === undefined) cfg.host.hostName = hostname();
  for (const c of cfg.connectors) {
    for (const o of c.objectTypes) {
      const ot = o as Partial<typeof o>;
      if (ot.resource === undefined) o.resource = o.name;
      if (ot.dn === undefined) o.dn = `CN={anchor},OBJECT=${o.name.toUpperCase()}`;
    }
  }
}

/** Tokens are checked again once resolved: a reference is long, the secret behind it may not be. */
function tokenProblems(cfg: HostConfig, source: YamlSource, earlier: ConfigProblem[]): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const check = (value: string | undefined, path: (string | number)[]) => {
    const why = value === undefined ? undefined : tokenProblem(value, MIN_TOKEN_LENGTH);
    if (why === undefined) return;
    const p = source.problem(path, why);
    if (!earlier.some((e) => e.path === p.path)) out.push(p);
  };
  check(cfg.host.adminToken, ['host', 'adminToken']);
  check(cfg.host.metricsToken, ['host', 'metricsToken']);
  check(cfg.host.adminReadOnlyToken, ['host', 'adminReadOnlyToken']);
  cfg.connectors.forEach((c, i) => {
    check(c.secretToken, ['connectors', i, 'secretToken']);
    c.previousSecretTokens?.forEach((p, k) => {
      check(p.token, ['connectors', i, 'previousSecretTokens', k, 'token']);
    });
  });
  return out;
}

/** dataDir, certificate files and projects relative to the config file; memory files relative to dataDir. */
function makePathsAbsolute(cfg: HostConfig, baseDir: string): void {
  const h = cfg.host;
  h.dataDir = resolve(baseDir, h.dataDir);
  if (h.tls) {
    if ('pfx' in h.tls) h.tls.pfx = resolve(baseDir, h.tls.pfx);
    else {
      h.tls.cert = resolve(baseDir, h.tls.cert);
      h.tls.key = resolve(baseDir, h.tls.key);
    }
  }
  for (const c of cfg.connectors) {
    if (c.connectivity.project) c.connectivity.project = resolve(baseDir, c.connectivity.project);
    // memory.file stays relative: it is resolved against dataDir when the host starts (dataDir may be overridden).
  }
}
