// The ABAP dictionary of the stand-in: the simple types, structures and function modules of function group SU_USER
// that the stand-in exposes, with SAP's own names. The WSDL (sap-user.wsdl, written by write-wsdl.ts) and the
// server's checks both come from this one catalogue, so they cannot disagree.

/** A simple type as SAP's generated WSDLs declare it (char40, numeric3, date10, …). */
export interface SimpleType {
  /** The XSD base type. */
  base: 'string' | 'int' | 'time';
  /** maxLength facet (CHAR, NUMC, DATS lengths). */
  maxLength?: number;
  /** pattern facet (NUMC digits, DATS yyyy-mm-dd, TIMS hh:mm:ss). */
  pattern?: string;
}

const char = (n: number): SimpleType => ({ base: 'string', maxLength: n });
const numc = (n: number): SimpleType => ({ base: 'string', maxLength: n, pattern: '\\d*' });

/** The simple types, named as SAP names them. `int` is xsd:int itself and is not declared. */
export const SIMPLE_TYPES: Record<string, SimpleType> = {
  char1: char(1),
  char2: char(2),
  char6: char(6),
  char10: char(10),
  char12: char(12),
  char20: char(20),
  char30: char(30),
  char32: char(32),
  char40: char(40),
  char42: char(42),
  char50: char(50),
  char80: char(80),
  char220: char(220),
  char241: char(241),
  numeric3: numc(3),
  numeric6: numc(6),
  date10: { base: 'string', maxLength: 10, pattern: '\\d\\d\\d\\d-\\d\\d-\\d\\d' },
  time: { base: 'time', pattern: '[0-9]{2}:[0-9]{2}:[0-9]{2}' },
};

/** A field of a structure: its name and its type (a simple type, or `int`). */
export type Field = readonly [name: string, type: string];

/** BAPIADDR3: address data of a user (the fields the stand-in keeps, in SAP's order). */
const ADDRESS_FIELDS: Field[] = [
  ['FIRSTNAME', 'char40'],
  ['LASTNAME', 'char40'],
  ['BIRTH_NAME', 'char40'],
  ['MIDDLENAME', 'char40'],
  ['SECONDNAME', 'char40'],
  ['TITLE_MEDI', 'char30'],
  ['TITLE_ACA1', 'char20'],
  ['TITLE_ACA2', 'char20'],
  ['NICKNAME', 'char40'],
  ['INITIALS', 'char10'],
  ['NAMEFORMAT', 'char2'],
  ['NAMCOUNTRY', 'char2'],
  ['LANGU_P', 'char1'],
  ['LANGUP_ISO', 'char2'],
  ['SORT1_P', 'char20'],
  ['SORT2_P', 'char20'],
  ['DEPARTMENT', 'char40'],
  ['FUNCTION', 'char40'],
  ['BUILDING_P', 'char10'],
  ['FLOOR_P', 'char10'],
  ['ROOM_NO_P', 'char10'],
  ['INITS_SIG', 'char10'],
  ['INHOUSE_ML', 'char10'],
  ['COMM_TYPE', 'char2'],
  ['TITLE', 'char30'],
  ['FULLNAME', 'char80'],
  ['CITY', 'char40'],
  ['DISTRICT', 'char40'],
  ['POSTL_COD1', 'char10'],
  ['POSTL_COD2', 'char10'],
  ['PO_BOX', 'char10'],
  ['STREET', 'char40'],
  ['HOUSE_NO', 'char10'],
  ['STR_SUPPL1', 'char40'],
  ['LOCATION', 'char40'],
  ['BUILDING', 'char20'],
  ['FLOOR', 'char10'],
  ['ROOM_NO', 'char10'],
  ['COUNTRY', 'char2'],
  ['COUNTRYISO', 'char2'],
  ['LANGU', 'char1'],
  ['LANGU_ISO', 'char2'],
  ['REGION', 'char2'],
  ['TEL1_NUMBR', 'char30'],
  ['TEL1_EXT', 'char10'],
  ['FAX_NUMBER', 'char30'],
  ['FAX_EXTENS', 'char10'],
  ['E_MAIL', 'char241'],
];

/** BAPILOGOND: logon data (validity period, user type, user group, …). */
const LOGON_FIELDS: Field[] = [
  ['GLTGV', 'date10'],
  ['GLTGB', 'date10'],
  ['USTYP', 'char1'],
  ['CLASS', 'char12'],
  ['ACCNT', 'char12'],
  ['TZONE', 'char6'],
  ['LTIME', 'time'],
  ['CODVN', 'char1'],
  ['SECURITY_POLICY', 'char40'],
];

/** The same fields, each a change flag (char1 'X'): the …X structures of BAPI_USER_CHANGE. */
const flags = (fields: Field[]): Field[] => fields.map(([n]) => [n, 'char1'] as const);

/** The structures, by their dictionary names. */
export const STRUCTURES: Record<string, Field[]> = {
  BAPIRET2: [
    ['TYPE', 'char1'],
    ['ID', 'char20'],
    ['NUMBER', 'numeric3'],
    ['MESSAGE', 'char220'],
    ['LOG_NO', 'char20'],
    ['LOG_MSG_NO', 'numeric6'],
    ['MESSAGE_V1', 'char50'],
    ['MESSAGE_V2', 'char50'],
    ['MESSAGE_V3', 'char50'],
    ['MESSAGE_V4', 'char50'],
    ['PARAMETER', 'char32'],
    ['ROW', 'int'],
    ['FIELD', 'char30'],
    ['SYSTEM', 'char10'],
  ],
  BAPIUSSRGE: [
    ['PARAMETER', 'char32'],
    ['FIELD', 'char30'],
    ['SIGN', 'char1'],
    ['OPTION', 'char2'],
    ['LOW', 'char40'],
    ['HIGH', 'char40'],
  ],
  BAPIUSNAME: [
    ['USERNAME', 'char12'],
    ['FIRSTNAME', 'char40'],
    ['LASTNAME', 'char40'],
    ['FULLNAME', 'char80'],
  ],
  BAPIADDR3: ADDRESS_FIELDS,
  BAPIADDR3X: flags(ADDRESS_FIELDS),
  BAPILOGOND: LOGON_FIELDS,
  BAPILOGONX: flags(LOGON_FIELDS),
  BAPIUSCOMP: [['COMPANY', 'char42']],
  BAPIUSCOMX: [['COMPANY', 'char1']],
  BAPIPWD: [['BAPIPWD', 'char40']],
  BAPIPWDX: [['BAPIPWD', 'char1']],
  BAPISLOCKD: [
    ['WRNG_LOGON', 'char1'],
    ['LOCAL_LOCK', 'char1'],
    ['GLOB_LOCK', 'char1'],
    ['NO_USER_PW', 'char1'],
  ],
  BAPIMODDAT: [
    ['MODDATE', 'date10'],
    ['MODTIME', 'time'],
  ],
};

/** A parameter of a function module: a simple type, a structure, or a table (TABLES) of a structure. */
export interface Param {
  name: string;
  /** A simple type name, `int`, or a structure name. */
  type: string;
  table?: boolean;
  /** Optional import parameter (minOccurs 0). Tables are always optional in the request. */
  optional?: boolean;
}

/** A function module as the SOAP runtime exposes it. */
export interface FunctionModule {
  name: string;
  importing: Param[];
  exporting: Param[];
  tables: Param[];
}

const RETURN: Param = { name: 'RETURN', type: 'BAPIRET2', table: true };

/** The function modules of the service, as in function group SU_USER (the parameters the stand-in supports). */
export const FUNCTIONS: FunctionModule[] = [
  {
    name: 'BAPI_USER_GETLIST',
    importing: [
      { name: 'MAX_ROWS', type: 'int', optional: true },
      { name: 'WITH_USERNAME', type: 'char1', optional: true },
    ],
    exporting: [{ name: 'ROWS', type: 'int' }],
    tables: [
      RETURN,
      { name: 'SELECTION_RANGE', type: 'BAPIUSSRGE', table: true },
      { name: 'USERLIST', type: 'BAPIUSNAME', table: true },
    ],
  },
  {
    name: 'BAPI_USER_GET_DETAIL',
    importing: [
      { name: 'CACHE_RESULTS', type: 'char1', optional: true },
      { name: 'USERNAME', type: 'char12' },
    ],
    exporting: [
      { name: 'ADDRESS', type: 'BAPIADDR3' },
      { name: 'COMPANY', type: 'BAPIUSCOMP' },
      { name: 'ISLOCKED', type: 'BAPISLOCKD' },
      { name: 'LASTMODIFIED', type: 'BAPIMODDAT' },
      { name: 'LOGONDATA', type: 'BAPILOGOND' },
    ],
    tables: [RETURN],
  },
  {
    name: 'BAPI_USER_CREATE1',
    importing: [
      { name: 'ADDRESS', type: 'BAPIADDR3' },
      { name: 'COMPANY', type: 'BAPIUSCOMP', optional: true },
      { name: 'GENERATE_PWD', type: 'char1', optional: true },
      { name: 'LOGONDATA', type: 'BAPILOGOND' },
      { name: 'PASSWORD', type: 'BAPIPWD', optional: true },
      { name: 'PRODUCTIVE_PWD', type: 'char1', optional: true },
      { name: 'USERNAME', type: 'char12' },
    ],
    exporting: [{ name: 'GENERATED_PASSWORD', type: 'BAPIPWD' }],
    tables: [RETURN],
  },
  {
    name: 'BAPI_USER_CHANGE',
    importing: [
      { name: 'ADDRESS', type: 'BAPIADDR3', optional: true },
      { name: 'ADDRESSX', type: 'BAPIADDR3X', optional: true },
      { name: 'COMPANY', type: 'BAPIUSCOMP', optional: true },
      { name: 'COMPANYX', type: 'BAPIUSCOMX', optional: true },
      { name: 'GENERATE_PWD', type: 'char1', optional: true },
      { name: 'LOGONDATA', type: 'BAPILOGOND', optional: true },
      { name: 'LOGONDATAX', type: 'BAPILOGONX', optional: true },
      { name: 'PASSWORD', type: 'BAPIPWD', optional: true },
      { name: 'PASSWORDX', type: 'BAPIPWDX', optional: true },
      { name: 'PRODUCTIVE_PWD', type: 'char1', optional: true },
      { name: 'USERNAME', type: 'char12' },
    ],
    exporting: [{ name: 'GENERATED_PASSWORD', type: 'BAPIPWD' }],
    tables: [RETURN],
  },
  {
    name: 'BAPI_USER_DELETE',
    importing: [{ name: 'USERNAME', type: 'char12' }],
    exporting: [],
    tables: [RETURN],
  },
];

/** The fields of a structure type, or undefined for a simple type. */
export function structureFields(type: string): Field[] | undefined {
  return STRUCTURES[type];
}

/** The namespace of SAP's RFC-based services (types, elements and messages). */
export const SAP_RFC_NS = 'urn:sap-com:document:sap:rfc:functions';
/** The service definition (port type), its bindings, service and the endpoint path, as SOAMANAGER names them. */
export const SERVICE = {
  portType: 'ZSU_USER',
  binding: 'ZSU_USER_BINDING',
  binding12: 'ZSU_USER_BINDING_SOAP12',
  service: 'ZSU_USER_SERVICE',
  /** The endpoint path of the SOAP 1.1 binding (client 001). */
  path: '/sap/bc/srt/rfc/sap/zsu_user/001/zsu_user_service/zsu_user_binding',
  /** The endpoint path of the SOAP 1.2 binding. */
  path12: '/sap/bc/srt/rfc/sap/zsu_user/001/zsu_user_service/zsu_user_binding_soap12',
} as const;

/** The soapAction SAP generates for an operation: {namespace}:{port type}:{operation}Request. */
export function soapAction(op: string): string {
  return `${SAP_RFC_NS}:${SERVICE.portType}:${op}Request`;
}
