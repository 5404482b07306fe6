// The checks `ferry serve` makes before it listens, without starting anything: project loading, connector
// parameters, object-type setup (mapping paths, selected attributes, deprovisioning, index) and TLS files.
// `ferry validate` and `ferry serve` both load a configuration through loadCheckedHostConfig, so a file that
// validates also starts, and each problem names its file, line, column and setting.
import { ConfigError, type ConfigProblem } from '../config/config-error.ts';
import type { HostConfig } from '../config/host-config.ts';
import { type ConfigEnv, loadHostConfigSource, type LoadedHostConfig } from '../config/load-config.ts';
import type { YamlSource } from '../config/yaml-source.ts';
import { createConnector } from './registry.ts';
import { createLogger } from './logger.ts';
import { SetupError, setupObjectType } from './object-type-setup.ts';
import { loadTlsOptions, TlsFileError } from './tls.ts';

/** Loads a host configuration and runs every start-up check on it; throws one ConfigError listing them all. */
export async function loadCheckedHostConfig(file: string, env: ConfigEnv = process.env): Promise<LoadedHostConfig> {
  const loaded = loadHostConfigSource(file, env);
  const problems = await checkSetup(loaded.config, loaded.source);
  if (problems.length) throw new ConfigError(problems);
  return loaded;
}

/** Every problem the host would meet when setting up its connectors and TLS, each located at its setting. */
export async function checkSetup(cfg: HostConfig, source: YamlSource): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  // Nothing is opened or called: the logger only satisfies the connector's constructor.
  const logger = createLogger('silent');
  for (const [i, cc] of cfg.connectors.entries()) {
    const base = ['connectors', i] as const;
    let connector: ReturnType<typeof createConnector>;
    try {
      connector = createConnector(cc, cfg.host.dataDir, logger);
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else problems.push(source.problem([...base, 'connectivity'], e instanceof Error ? e.message : String(e)));
      continue;
    }
    const declared = connector.parameters();
    for (const p of declared) {
      if (p.required && cc.parameters[p.name] === undefined && p.default === undefined)
        problems.push(
          source.problem([...base, 'parameters'], `the project needs the parameter "${p.name}" (it is required)`),
        );
    }
    if (cc.kind === 'web-services') {
      const names = new Set(declared.map((p) => p.name));
      for (const name of Object.keys(cc.parameters))
        if (!names.has(name))
          problems.push(
            source.problem(
              [...base, 'parameters', name],
              `the project declares no parameter "${name}" (it has: ${[...names].join(', ') || 'none'})`,
            ),
          );
    }
    // A web services connector's open() renders the parameters into each service's HTTP settings and checks
    // them (base URL, proxy, TLS files, authentication) without calling the application; the host does the same.
    if (cc.kind === 'web-services' && !problems.some((p) => p.path.startsWith(`connectors[${i}].parameters`))) {
      try {
        await connector.open();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const c = cc.connectivity;
        const overridden = /baseUrl/.test(message) && (c.baseUrl !== undefined || c.host !== undefined);
        problems.push(source.problem([...base, overridden ? 'connectivity' : 'parameters'], message));
      } finally {
        await connector.close().catch(() => undefined);
      }
    }
    const types = await connector.schema();
    for (const [k, ot] of cc.objectTypes.entries()) {
      try {
        setupObjectType(cc, ot, types);
      } catch (e) {
        if (!(e instanceof SetupError)) throw e;
        const where = `connector ${cc.name}, object type ${ot.name}: `;
        for (const p of e.problems)
          problems.push(source.problem([...base, 'objectTypes', k, ...p.setting], where + p.message));
      }
    }
  }
  const tls = cfg.host.tls;
  if (tls && !cfg.host.http) {
    try {
      await loadTlsOptions(tls, cfg.host.dataDir, cfg.host.hostName ?? 'localhost');
    } catch (e) {
      if (!(e instanceof TlsFileError)) throw e;
      const key = 'pfx' in tls ? 'pfx' : e.file === tls.key ? 'key' : 'cert';
      problems.push(source.problem(['host', 'tls', key], e.message));
    }
  }
  return problems;
}
