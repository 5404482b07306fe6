// Reloading the configuration without a restart (SIGHUP, POST /admin/reload, after a save from the console). The
// file is checked first exactly as `ferry validate` checks it; a bad file leaves the running configuration in place
// and the error lists its problems at their lines. Connectors added or changed are opened before anything is
// switched; the switch replaces the HTTP app at once, requests in flight finish on the old one, and the old
// runtimes of changed or removed connectors close once those requests are done.
import type { ConnectorConfig, HostConfig } from '../config/host-config.ts';
import type { ConfigEnv } from '../config/load-config.ts';
import { loadCheckedHostConfig } from './check-setup.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import type { Logger } from './logger.ts';

/** What a reload did. */
export interface ReloadResult {
  ok: true;
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
  /** Host settings that changed but apply only at the next start (listener, TLS, data folder …). */
  restartNeeded: string[];
}

/** Where the configuration comes from, for a reload. */
export interface ConfigOrigin {
  file: string;
  env?: ConfigEnv;
  /** Overrides applied after each load (command-line options such as --port), as at the start. */
  adjust?: (config: HostConfig) => void;
}

/** What a reload works on: the running host. */
export interface ReloadTarget {
  readonly config: HostConfig;
  readonly connectors: readonly ConnectorRuntime[];
  readonly logger: Logger;
  /** Creates and opens the runtime of one connector. */
  openConnector(cc: ConnectorConfig): Promise<ConnectorRuntime>;
  /** Switches to the new configuration and runtimes; resolves when requests begun before have finished. */
  swap(config: HostConfig, connectors: ConnectorRuntime[]): Promise<void>;
}

/** Host settings a reload cannot apply to a running listener. */
const RESTART_SETTINGS = ['listen', 'tls', 'http', 'allowNonLoopbackHttp', 'dataDir', 'store', 'hostName'] as const;

/**
 * Loads and checks the file; throws ConfigError (nothing changed) or applies it. Connectors named in `refresh` are
 * reopened even when their settings did not change (their project file did).
 */
export async function reloadConfiguration(
  origin: ConfigOrigin,
  target: ReloadTarget,
  refresh: readonly string[] = [],
): Promise<ReloadResult> {
  const { config } = await loadCheckedHostConfig(origin.file, origin.env ?? process.env);
  origin.adjust?.(config);
  return applyConfiguration(config, target, refresh);
}

/** Applies a checked configuration: opens what is new or changed, switches, then closes what is gone. */
export async function applyConfiguration(
  config: HostConfig,
  target: ReloadTarget,
  refresh: readonly string[] = [],
): Promise<ReloadResult> {
  const old = new Map(target.connectors.map((rt) => [rt.config.name, rt]));
  const result: ReloadResult = { ok: true, added: [], removed: [], changed: [], unchanged: [], restartNeeded: [] };
  const opened: ConnectorRuntime[] = [];
  const next: ConnectorRuntime[] = [];
  try {
    for (const cc of config.connectors) {
      const was = old.get(cc.name);
      if (was && same(was.config, cc) && !refresh.includes(cc.name)) {
        result.unchanged.push(cc.name);
        next.push(was);
        continue;
      }
      (was ? result.changed : result.added).push(cc.name);
      const rt = await target.openConnector(cc);
      opened.push(rt);
      next.push(rt);
    }
  } catch (e) {
    await Promise.all(opened.map((rt) => rt.close()));
    throw e;
  }
  const names = new Set(config.connectors.map((c) => c.name));
  result.removed = [...old.keys()].filter((n) => !names.has(n));
  const before = target.config.host as Record<string, unknown>;
  const after = config.host as Record<string, unknown>;
  result.restartNeeded = RESTART_SETTINGS.filter((k) => !same(before[k], after[k])).map((k) => `host.${k}`);
  const retired = target.connectors.filter((rt) => !next.includes(rt));
  const drained = target.swap(config, next);
  // The old runtimes close once the requests that may still use them have finished (in the background: the
  // request that asked for the reload is one of them).
  void drained.then(() => Promise.all(retired.map((rt) => rt.close())));
  for (const rt of opened) {
    rt.startTimer();
    // A cluster's imports are the lease holder's (startTimer polls for the lease).
    if (rt.config.capabilities.import && !rt.importsShared) rt.runImport('full').catch(() => undefined);
  }
  target.logger.info(
    { added: result.added, removed: result.removed, changed: result.changed, restartNeeded: result.restartNeeded },
    'configuration reloaded',
  );
  return result;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
