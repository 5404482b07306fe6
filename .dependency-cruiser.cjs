// Which folder of src/ may import which: the layers of docs/architecture.md, checked in CI (npm run depcruise).
// There is no exception list: every import must follow these rules (a violation fails CI).

/** Each folder of src/ and the folders it may import besides itself (tests may import anything). */
const MAY_IMPORT = {
  util: [],
  errors: ['util'],
  config: ['errors', 'util'],
  expr: ['errors', 'util'],
  connector: ['config', 'errors', 'expr', 'util'],
  space: ['connector', 'errors', 'util'],
  http: ['config', 'errors', 'util'],
  soap: ['http', 'config', 'errors', 'util'],
  scim: ['config', 'errors', 'util'],
  mapping: ['connector', 'scim', 'expr', 'errors', 'util'],
  webservice: ['connector', 'http', 'soap', 'config', 'expr', 'errors', 'util'],
  provision: ['connector', 'space', 'mapping', 'scim', 'config', 'expr', 'errors', 'util'],
  sync: ['connector', 'space', 'mapping', 'scim', 'config', 'errors', 'util'],
  host: [
    'sync',
    'provision',
    'webservice',
    'mapping',
    'scim',
    'soap',
    'http',
    'space',
    'connector',
    'expr',
    'config',
    'errors',
    'util',
  ],
  cli: [
    'host',
    'sync',
    'provision',
    'webservice',
    'mapping',
    'scim',
    'soap',
    'http',
    'space',
    'connector',
    'expr',
    'config',
    'errors',
    'util',
  ],
};

const NOT_TEST = '(\\.test\\.ts|-contract\\.ts)$|^src/test-support/';

const layerRules = Object.entries(MAY_IMPORT).map(([folder, allowed]) => ({
  name: `layer-${folder}`,
  comment: `src/${folder} may import only ${allowed.length ? allowed.join(', ') : 'node and npm packages'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^src/${folder}/`, pathNot: NOT_TEST },
  to: {
    path: '^src/',
    pathNot: [`^src/(${[folder, ...allowed].join('|')})/`, '^src/version\\.ts$'],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'flow-transport-neutral',
      comment: 'the flow interpreter calls services through ServiceCaller; HTTP and SOAP live behind it',
      severity: 'error',
      from: { path: '^src/webservice/flow/', pathNot: NOT_TEST },
      to: { path: '^src/(soap|http)/' },
    },
    {
      name: 'no-test-support-in-product',
      comment: 'test support (src/test-support, *-contract.ts) is not built into dist/',
      severity: 'error',
      from: { path: '^src/', pathNot: NOT_TEST },
      to: { path: NOT_TEST },
    },
    {
      name: 'no-circular',
      comment: 'a cycle between modules makes load order matter and layers meaningless',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
