// Creates the connector of a configured kind.
import { isAbsolute, join } from 'node:path';
import type { ConnectorConfig } from '../config/host-config.ts';
import { MemoryConnector } from '../connector/memory/memory-connector.ts';
import type { Connector } from '../connector/types.ts';
import type { Logger } from './logger.ts';
import { loadProject } from '../webservice/project/load-project.ts';
import { WebServiceConnector } from '../webservice/web-service-connector.ts';
import { HttpCaller } from '../webservice/http-caller.ts';

/** connectivity.baseUrl, or one built from host and port, overriding the project's. */
function baseUrlOf(cc: ConnectorConfig): string | undefined {
  const c = cc.connectivity;
  if (c.baseUrl) return c.baseUrl;
  if (c.host) return `http://${c.host}${c.port ? `:${c.port}` : ''}`;
  return undefined;
}

/** The connector instance for a connector configuration. */
export function createConnector(cc: ConnectorConfig, dataDir: string, logger: Logger): Connector {
  switch (cc.kind) {
    case 'memory': {
      const m = cc.memory;
      if (!m) throw new Error(`connector ${cc.name}: kind "memory" needs a "memory" section.`);
      const file = m.file ? (isAbsolute(m.file) ? m.file : join(dataDir, m.file)) : undefined;
      return new MemoryConnector({
        objectTypes: m.objectTypes,
        file,
        generate: m.generate,
        latencyMs: m.latencyMs,
        exportType: cc.capabilities.exportType,
      });
    }
    case 'web-services': {
      if (!cc.connectivity.project)
        throw new Error(`connector ${cc.name}: kind "web-services" needs connectivity.project.`);
      const loaded = loadProject(cc.connectivity.project);
      return new WebServiceConnector({
        loaded,
        parameters: cc.parameters,
        baseUrl: baseUrlOf(cc),
        exportType: cc.capabilities.exportType,
        logger: logger.child({ connector: cc.name }),
        openCaller: (_name, http, info) => new HttpCaller(http, info),
      });
    }
  }
}
