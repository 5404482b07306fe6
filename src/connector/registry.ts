// Creates the connector of a configured kind.
import { isAbsolute, join } from 'node:path';
import type { ConnectorConfig } from '../config/host-config.ts';
import { MemoryConnector } from './memory/memory-connector.ts';
import type { Connector } from './types.ts';

/** The connector instance for a connector configuration. */
export function createConnector(cc: ConnectorConfig, dataDir: string): Connector {
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
    case 'web-services':
      throw new Error(`connector ${cc.name}: kind "web-services" is not available in this version yet.`);
  }
}
