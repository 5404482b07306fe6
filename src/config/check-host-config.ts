// Checks of a host configuration that a JSON Schema cannot express (uniqueness, settings that depend on others).
import type { ConfigProblem } from './config-error.ts';
import type { ConnectorConfig, HostConfig, MemoryConnectorOptions } from './host-config.ts';
import type { SettingPath, YamlSource } from './yaml-source.ts';

/** Every cross-setting problem of a schema-valid configuration (secrets resolved), each located at the setting to fix. */
export function checkHostConfig(cfg: HostConfig, source: YamlSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (path: SettingPath, message: string) => problems.push(source.problem(path, message));
  unique(
    cfg.connectors.map((c) => c.name),
    (i) => ['connectors', i, 'name'],
    'connector name',
    source,
    at,
  );
  cfg.connectors.forEach((c, i) => {
    checkConnector(c, ['connectors', i], source, at);
  });
  return problems;
}

type At = (path: SettingPath, message: string) => void;

function checkConnector(c: ConnectorConfig, base: SettingPath, source: YamlSource, at: At): void {
  const url = c.connectivity.baseUrl;
  if (url !== undefined && !isHttpUrl(url)) at([...base, 'connectivity', 'baseUrl'], 'must be an http or https URL');
  if (c.kind === 'web-services' && !c.connectivity.project)
    at([...base, 'connectivity', 'project'], 'required when kind is web-services');
  if (c.kind === 'memory' && !c.memory) at([...base, 'memory'], 'required when kind is memory');
  if (c.kind !== 'memory' && c.memory) at([...base, 'memory'], 'only allowed when kind is memory');
  unique(
    c.partitions.map((p) => p.name),
    (i) => [...base, 'partitions', i, 'name'],
    'partition name',
    source,
    at,
  );
  unique(
    c.runProfiles.map((p) => p.name),
    (i) => [...base, 'runProfiles', i, 'name'],
    'run profile name',
    source,
    at,
  );
  unique(
    c.objectTypes.map((o) => o.name),
    (i) => [...base, 'objectTypes', i, 'name'],
    'object type name',
    source,
    at,
  );
  unique(
    c.objectTypes.map((o) => o.resource),
    (i) => [...base, 'objectTypes', i, 'resource'],
    'SCIM resource',
    source,
    at,
    (r) => r.toLowerCase(),
  );
  c.objectTypes.forEach((o, k) => {
    if (o.deprovisioning.disable.flow === 'set' && !o.deprovisioning.disable.attribute) {
      at(
        [...base, 'objectTypes', k, 'deprovisioning', 'disable', 'attribute'],
        'required when the disable flow is set',
      );
    }
  });
  if (c.kind === 'memory' && c.memory) checkMemory(c, c.memory, base, source, at);
}

function checkMemory(
  c: ConnectorConfig,
  m: MemoryConnectorOptions,
  base: SettingPath,
  source: YamlSource,
  at: At,
): void {
  const mBase = [...base, 'memory'];
  unique(
    m.objectTypes.map((t) => t.name),
    (i) => [...mBase, 'objectTypes', i, 'name'],
    'object type name',
    source,
    at,
  );
  const types = new Map(m.objectTypes.map((t) => [t.name, t]));
  m.objectTypes.forEach((t, i) => {
    const tBase = [...mBase, 'objectTypes', i];
    unique(
      t.attributes.map((a) => a.name),
      (j) => [...tBase, 'attributes', j, 'name'],
      'attribute name',
      source,
      at,
    );
    if (!t.attributes.some((a) => a.name === t.anchor))
      at([...tBase, 'anchor'], `"${t.anchor}" is not one of the attributes`);
    t.attributes.forEach((a, j) => {
      if (a.type === 'reference' && !a.referenceTo)
        at([...tBase, 'attributes', j, 'referenceTo'], 'required when type is reference');
      if (a.referenceTo && !types.has(a.referenceTo))
        at([...tBase, 'attributes', j, 'referenceTo'], `unknown object type "${a.referenceTo}"`);
    });
  });
  if (m.generate && !types.has(m.generate.objectType))
    at([...mBase, 'generate', 'objectType'], `unknown object type "${m.generate.objectType}"`);
  c.objectTypes.forEach((o, k) => {
    const oBase = [...base, 'objectTypes', k];
    const t = types.get(o.name);
    if (!t) {
      at([...oBase, 'name'], `"${o.name}" is not an object type of memory.objectTypes`);
      return;
    }
    const names = new Set(t.attributes.map((a) => a.name));
    if (!names.has(o.anchor)) at([...oBase, 'anchor'], `"${o.anchor}" is not an attribute of ${t.name}`);
    o.attributes.forEach((a, j) => {
      if (!names.has(a)) at([...oBase, 'attributes', j], `"${a}" is not an attribute of ${t.name}`);
    });
    for (const [scimPath, attr] of Object.entries(o.mapping)) {
      if (!names.has(attr)) at([...oBase, 'mapping', scimPath], `"${attr}" is not an attribute of ${t.name}`);
    }
    const flag = o.deprovisioning.disable.attribute;
    const flagAttr = t.attributes.find((a) => a.name === flag);
    if (o.deprovisioning.disable.flow === 'set' && flag && flagAttr?.type !== 'boolean') {
      const why = flagAttr ? `"${flag}" is not a boolean attribute` : `"${flag}" is not an attribute of ${t.name}`;
      at([...oBase, 'deprovisioning', 'disable', 'attribute'], why);
    }
  });
}

/** Reports every repeated value at its own line, naming the line of the first one. */
function unique(
  values: string[],
  pathOf: (i: number) => SettingPath,
  what: string,
  source: YamlSource,
  at: At,
  norm: (v: string) => string = (v) => v,
): void {
  const first = new Map<string, number>();
  values.forEach((v, i) => {
    const j = first.get(norm(v));
    if (j === undefined) first.set(norm(v), i);
    else at(pathOf(i), `duplicate ${what} "${v}" (first at line ${source.locate(pathOf(j)).line})`);
  });
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
