// The catalogue of the stand-in's two PL/SQL interfaces as Oracle E-Business Suite's Integrated SOA Gateway (ISG)
// exposes them: FND_USER_PKG (the seeded user API: create, update, end-date, enable, passwords, responsibilities)
// and XX_FERRY_USER_QUERY, the small custom read-only package a site deploys beside it to list users and
// responsibilities (FND_USER_PKG has no query procedures). Each procedure has its own schema namespace with an
// InputParameters and an OutputParameters element, as ISG generates them; the WSDL (wsdl.ts) is written from this.

/** A parameter: ISG writes PL/SQL VARCHAR2 as string, NUMBER as decimal, DATE as dateTime. */
export interface IsgParam {
  name: string;
  type: 'string' | 'decimal' | 'dateTime' | 'USER_REC' | 'RESP_REC';
  /** A PL/SQL table: an element with `ITEM` rows. */
  table?: boolean;
}

/** One PL/SQL procedure or function exposed as an operation. */
export interface IsgProcedure {
  name: string;
  input: IsgParam[];
  output: IsgParam[];
}

/** One exposed PL/SQL package: its own WSDL service, endpoint and namespace root. */
export interface IsgPackage {
  /** Lower case, as ISG names the service path. */
  name: string;
  procedures: IsgProcedure[];
}

/** The namespace root of ISG's PL/SQL services. */
export const ISG_NS = 'http://xmlns.oracle.com/apps/fnd/soaprovider/plsql';
/** Where a package is served, under the base URL. */
export const endpointPath = (pkg: string): string => `/webservices/SOAProvider/plsql/${pkg}/`;
/** A package's target namespace (its SOAHeader lives there too). */
export const packageNs = (pkg: string): string => `${ISG_NS}/${pkg}/`;
/** A procedure's own namespace, as ISG writes it (the procedure name in lower case). */
export const procedureNs = (pkg: string, proc: string): string => `${packageNs(pkg)}${proc.toLowerCase()}/`;
/** The soapAction of a procedure. */
export const soapAction = (pkg: string, proc: string): string => `${packageNs(pkg)}${proc}`;

/** The fields of the user record the query package returns (FND_USER's columns). */
export const USER_REC: [string, IsgParam['type']][] = [
  ['USER_ID', 'decimal'],
  ['USER_NAME', 'string'],
  ['DESCRIPTION', 'string'],
  ['EMAIL_ADDRESS', 'string'],
  ['FAX', 'string'],
  ['EMPLOYEE_ID', 'decimal'],
  ['START_DATE', 'dateTime'],
  ['END_DATE', 'dateTime'],
  ['PASSWORD_LIFESPAN_DAYS', 'decimal'],
  ['LAST_UPDATE_DATE', 'dateTime'],
  ['ACTIVE', 'string'],
];

/** The fields of the responsibility record, with its current members' user names. */
export const RESP_REC: [string, IsgParam['type']][] = [
  ['RESPONSIBILITY_ID', 'decimal'],
  ['APPLICATION_SHORT_NAME', 'string'],
  ['RESPONSIBILITY_KEY', 'string'],
  ['RESPONSIBILITY_NAME', 'string'],
  ['DESCRIPTION', 'string'],
];

const s = (name: string): IsgParam => ({ name, type: 'string' });
const d = (name: string): IsgParam => ({ name, type: 'dateTime' });
const n = (name: string): IsgParam => ({ name, type: 'decimal' });
const USER_FIELDS = [
  s('X_USER_NAME'),
  s('X_OWNER'),
  s('X_UNENCRYPTED_PASSWORD'),
  d('X_START_DATE'),
  d('X_END_DATE'),
  s('X_DESCRIPTION'),
  s('X_EMAIL_ADDRESS'),
  s('X_FAX'),
  n('X_EMPLOYEE_ID'),
  n('X_PASSWORD_LIFESPAN_DAYS'),
];

/** The exposed packages. */
export const PACKAGES: IsgPackage[] = [
  {
    name: 'fnd_user_pkg',
    procedures: [
      { name: 'TESTUSERNAME', input: [s('X_USER_NAME')], output: [n('RETURN')] },
      { name: 'CREATEUSER', input: USER_FIELDS, output: [] },
      { name: 'UPDATEUSER', input: USER_FIELDS, output: [] },
      { name: 'DISABLEUSER', input: [s('USERNAME')], output: [] },
      { name: 'ENABLEUSER', input: [s('USERNAME'), d('START_DATE'), d('END_DATE')], output: [] },
      { name: 'CHANGEPASSWORD', input: [s('USERNAME'), s('NEWPASSWORD')], output: [s('RETURN')] },
      {
        name: 'ADDRESP',
        input: [
          s('USERNAME'),
          s('RESP_APP'),
          s('RESP_KEY'),
          s('SECURITY_GROUP'),
          s('DESCRIPTION'),
          d('START_DATE'),
          d('END_DATE'),
        ],
        output: [],
      },
      { name: 'DELRESP', input: [s('USERNAME'), s('RESP_APP'), s('RESP_KEY'), s('SECURITY_GROUP')], output: [] },
    ],
  },
  {
    name: 'xx_ferry_user_query',
    procedures: [
      { name: 'GET_USER', input: [s('P_USER_NAME')], output: [{ name: 'X_USER', type: 'USER_REC' }] },
      {
        name: 'LIST_USERS',
        input: [s('P_AFTER_USER_NAME'), n('P_MAX_ROWS')],
        output: [{ name: 'X_USERS', type: 'USER_REC', table: true }, s('X_MORE')],
      },
      {
        name: 'GET_RESPONSIBILITY',
        input: [s('P_RESP_APP'), s('P_RESP_KEY')],
        output: [{ name: 'X_RESP', type: 'RESP_REC' }],
      },
      {
        name: 'LIST_RESPONSIBILITIES',
        input: [s('P_AFTER_KEY'), n('P_MAX_ROWS')],
        output: [{ name: 'X_RESPS', type: 'RESP_REC', table: true }, s('X_MORE')],
      },
      {
        name: 'LIST_RESP_USERS',
        input: [s('P_RESP_APP'), s('P_RESP_KEY'), s('P_AFTER_USER_NAME'), n('P_MAX_ROWS')],
        output: [{ name: 'X_USER_NAMES', type: 'string', table: true }, s('X_MORE')],
      },
    ],
  },
];
