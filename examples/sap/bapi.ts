// The function modules of the stand-in, as plain functions over parsed arguments: each takes the request element's
// children as a JSON-like object (structures as objects, tables as { item: [...] }) and returns the response
// element's children. Like SAP, they report business errors in the RETURN table (TYPE E), never as SOAP faults;
// only input that cannot be converted (a value longer than its field, a malformed date) is a fault, as in SAP's
// SOAP runtime.
import { SoapFault } from '../../src/soap/soap-fault.ts';
import { FUNCTIONS, type FunctionModule, type Param, SIMPLE_TYPES, STRUCTURES, structureFields } from './bapi-types.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { type RangeRow, rangeMatches, rangeProblem, rangeSql } from './ranges.ts';
import { compactFields, type SapUser, type UserStore } from './user-store.ts';

/** Parsed arguments / results: element name → value. */
export type Args = Record<string, unknown>;

/** A conversion fault, as SAP's runtime raises it (soap-env:Client, the reason, the field in the detail). */
function conversionFault(reason: string, field: string): SoapFault {
  return new SoapFault('Client', reason, {
    detail: { Exception: { Name: 'CX_SY_CONVERSION_DATA_LOSS', Text: reason, Field: field } },
  });
}

/** How the operations behave. */
export interface BapiOptions {
  /** scrypt N for password hashes. */
  passwordCost: number;
  /**
   * Which tables a response carries: `requested` (SAP's runtime: only the TABLES parameters the request named,
   * even empty) or `all`.
   */
  tables: 'requested' | 'all';
  /** The system id in RETURN rows (SYSTEM), e.g. NPLCLNT001. */
  system: string;
}

/** An operation: arguments in, response children out. */
export type Operation = (args: Args) => Promise<Args>;

/** The SAP password rules the stand-in applies (login/min_password_lng = 8). */
export const MIN_PASSWORD_LENGTH = 8;

// The messages of message class 01 the stand-in answers. 224 and 124 are SAP's; the others are close to SAP's.
const MESSAGES: Record<string, string> = {
  '039': 'User &1 has changed',
  '102': 'User &1 created',
  '124': 'User &1 does not exist',
  '199': 'User &1 deleted',
  '224': 'User &1 already exists',
  '290': 'Please enter an initial password',
  '391': 'Enter a last name',
  '402': 'Selection parameter &1 &2 is not supported',
  '403': 'Selection range: &1',
  '791': 'Password is too short (minimum length &1)',
  '792': 'Enter a user name',
};

// ---- values in and out ----

const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v));
const obj = (v: unknown): Args => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Args) : {});
/** The rows of a table argument: { item: [...] } (or a single item, or a bare list). */
export function rows(v: unknown): Args[] {
  if (Array.isArray(v)) return v.map(obj);
  const item = obj(v).item;
  if (item === undefined || item === null || item === '') return [];
  return Array.isArray(item) ? item.map(obj) : [obj(item)];
}
const isX = (v: unknown): boolean => text(v).trim().toUpperCase() === 'X';

/** The empty value of a field type as SAP sends it. */
function emptyOf(type: string): string | number {
  if (type === 'int') return 0;
  if (type === 'date10') return '0000-00-00';
  if (type === 'time') return '00:00:00';
  if (type.startsWith('numeric')) return '0'.repeat(SIMPLE_TYPES[type].maxLength ?? 1);
  return '';
}

/** A structure with every field, as SAP sends it (empty fields too). */
function structure(type: string, values: Record<string, string | number | undefined>): Args {
  const out: Args = {};
  for (const [name, t] of structureFields(type) ?? []) {
    const v = values[name];
    out[name] = v === undefined || v === '' ? emptyOf(t) : v;
  }
  return out;
}

/** One RETURN row. */
export function message(type: 'S' | 'E' | 'W' | 'I', number: string, system: string, ...v: string[]): Args {
  let msg = MESSAGES[number] ?? '';
  v.forEach((x, i) => {
    msg = msg.replace(`&${i + 1}`, x);
  });
  return structure('BAPIRET2', {
    TYPE: type,
    ID: '01',
    NUMBER: number,
    MESSAGE: msg.replace(/&\d/g, '').trim(),
    MESSAGE_V1: v[0],
    MESSAGE_V2: v[1],
    MESSAGE_V3: v[2],
    MESSAGE_V4: v[3],
    SYSTEM: system,
  });
}

// ---- input checks (SAP's runtime converts XML to ABAP types before the function module runs) ----

function checkValue(type: string, v: unknown, where: string): void {
  if (v === undefined || v === null || typeof v === 'object') return;
  const s = String(v);
  if (type === 'int') {
    if (!/^-?\d+$/.test(s.trim())) throw conversionFault(`Cannot interpret "${s}" as a number`, where);
    return;
  }
  const t = SIMPLE_TYPES[type];
  if (!t) return;
  if (t.maxLength !== undefined && s.length > t.maxLength)
    throw conversionFault(`Data loss occurred when converting ${s}`, where);
  if (type === 'date10' && s !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(s))
    throw conversionFault(`Cannot interpret "${s}" as a date`, where);
  if (type.startsWith('numeric') && !/^\d*$/.test(s))
    throw conversionFault(`Cannot interpret "${s}" as a number`, where);
}

function checkParam(p: Param, v: unknown): void {
  const fields = structureFields(p.type);
  if (!fields) {
    checkValue(p.type, v, p.name);
    return;
  }
  const items = p.table ? rows(v) : [obj(v)];
  for (const item of items) for (const [f, t] of fields) checkValue(t, item[f], `${p.name}-${f}`);
}

/** Checks every argument against the function's parameter types (faults as SAP's runtime raises them). */
export function checkInput(fm: FunctionModule, args: Args): void {
  for (const p of [...fm.importing, ...fm.tables]) checkParam(p, args[p.name]);
}

// ---- the function modules ----

function structValues(type: string, v: unknown): Record<string, string> {
  const o = obj(v);
  const out: Record<string, string> = {};
  for (const [f] of structureFields(type) ?? []) out[f] = text(o[f]);
  return out;
}

/** Full name as SAP's default name format builds it. */
function fullName(a: Record<string, string>): string {
  return [a.FIRSTNAME, a.MIDDLENAME, a.LASTNAME].filter((x) => x?.trim()).join(' ');
}

function userName(v: unknown): string {
  return text(v).trim().toUpperCase();
}

/** The operations of the service, over a store. */
export function bapiOperations(store: UserStore, o: BapiOptions): Record<string, Operation> {
  const ret = (type: 'S' | 'E', number: string, ...v: string[]) => message(type, number, o.system, ...v);

  /** The response: exporting parameters, plus the tables the request named (or all tables). */
  const respond = (fm: FunctionModule, args: Args, exporting: Args, tables: Record<string, Args[]>): Args => {
    const out: Args = {};
    for (const p of [...fm.exporting, ...fm.tables].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (p.table) {
        if (o.tables === 'all' || Object.hasOwn(args, p.name)) {
          const list = tables[p.name] ?? rows(args[p.name]);
          out[p.name] = { item: list };
        }
      } else {
        out[p.name] = exporting[p.name] ?? (structureFields(p.type) ? structure(p.type, {}) : emptyOf(p.type));
      }
    }
    return out;
  };
  const fm = (name: string): FunctionModule => FUNCTIONS.find((f) => f.name === name)!;

  const getList: Operation = async (args) => {
    const f = fm('BAPI_USER_GETLIST');
    checkInput(f, args);
    const max = Math.max(0, Number(text(args.MAX_ROWS) || 0));
    const withNames = isX(args.WITH_USERNAME);
    // Ranges grouped by PARAMETER-FIELD; USERNAME goes to SQL (the keyset), the others are checked per user.
    const groups = new Map<string, RangeRow[]>();
    for (const r of rows(args.SELECTION_RANGE)) {
      const parameter = text(r.PARAMETER).trim().toUpperCase();
      const field = text(r.FIELD).trim().toUpperCase();
      const row: RangeRow = {
        sign: text(r.SIGN).trim().toUpperCase() || 'I',
        option: text(r.OPTION).trim().toUpperCase() || 'EQ',
        low: text(r.LOW),
        high: text(r.HIGH),
      };
      const problem = rangeProblem(row);
      const known =
        parameter === 'USERNAME' ||
        (parameter === 'ADDRESS' && STRUCTURES.BAPIADDR3.some(([n]) => n === field)) ||
        (parameter === 'LOGONDATA' && STRUCTURES.BAPILOGOND.some(([n]) => n === field)) ||
        (parameter === 'COMPANY' && (field === '' || field === 'COMPANY'));
      if (!known || problem) {
        const e = problem ? ret('E', '403', problem) : ret('E', '402', parameter, field);
        return respond(f, args, { ROWS: 0 }, { RETURN: [e], USERLIST: [] });
      }
      if (parameter === 'USERNAME') (row.low = row.low.toUpperCase()), (row.high = row.high.toUpperCase());
      const key = parameter === 'USERNAME' ? 'USERNAME' : `${parameter}-${field || 'COMPANY'}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const nameRows = groups.get('USERNAME');
    groups.delete('USERNAME');
    const others = [...groups.entries()].map(([key, rs]) => {
      const [parameter, field] = key.split('-');
      const pick = (u: SapUser): string =>
        parameter === 'ADDRESS'
          ? field === 'FULLNAME'
            ? (u.address.FULLNAME ?? fullName(u.address))
            : (u.address[field] ?? '')
          : parameter === 'LOGONDATA'
            ? (u.logondata[field] ?? '')
            : u.company;
      return (u: SapUser) => rangeMatches(rs, pick(u));
    });
    const users = store.list(nameRows ? rangeSql(nameRows, 'bname') : undefined, (u) => others.every((m) => m(u)), max);
    const list = users.map((u) =>
      structure(
        'BAPIUSNAME',
        withNames
          ? {
              USERNAME: u.bname,
              FIRSTNAME: u.address.FIRSTNAME,
              LASTNAME: u.address.LASTNAME,
              FULLNAME: u.address.FULLNAME ?? fullName(u.address),
            }
          : { USERNAME: u.bname },
      ),
    );
    return respond(f, args, { ROWS: list.length }, { RETURN: [], USERLIST: list });
  };

  const getDetail: Operation = async (args) => {
    const f = fm('BAPI_USER_GET_DETAIL');
    checkInput(f, args);
    const name = userName(args.USERNAME);
    const u = name ? store.get(name) : undefined;
    if (!u) return respond(f, args, {}, { RETURN: [ret('E', '124', name)] });
    const [date, time] = u.modifiedAt.split('T');
    return respond(
      f,
      args,
      {
        ADDRESS: structure('BAPIADDR3', { ...u.address, FULLNAME: u.address.FULLNAME ?? fullName(u.address) }),
        COMPANY: structure('BAPIUSCOMP', { COMPANY: u.company }),
        ISLOCKED: structure('BAPISLOCKD', {
          WRNG_LOGON: 'U',
          LOCAL_LOCK: 'U',
          GLOB_LOCK: 'U',
          NO_USER_PW: u.pwdHash ? 'U' : 'L',
        }),
        LASTMODIFIED: structure('BAPIMODDAT', { MODDATE: date, MODTIME: time.slice(0, 8) }),
        LOGONDATA: structure('BAPILOGOND', u.logondata),
      },
      { RETURN: [] },
    );
  };

  const create: Operation = async (args) => {
    const f = fm('BAPI_USER_CREATE1');
    checkInput(f, args);
    const name = userName(args.USERNAME);
    const fail = (number: string, ...v: string[]) => respond(f, args, {}, { RETURN: [ret('E', number, ...v)] });
    if (!name) return fail('792');
    if (store.get(name)) return fail('224', name);
    const address = structValues('BAPIADDR3', args.ADDRESS);
    if (!address.LASTNAME.trim()) return fail('391');
    const logondata = structValues('BAPILOGOND', args.LOGONDATA);
    if (!logondata.USTYP) logondata.USTYP = 'A';
    const generate = isX(args.GENERATE_PWD);
    let password = text(obj(args.PASSWORD).BAPIPWD);
    if (generate) password = generatePassword();
    // Dialog users (A) and service users need a password; system, communication and reference users need none.
    if (!password && (logondata.USTYP === 'A' || logondata.USTYP === 'S')) return fail('290');
    if (password && password.length < MIN_PASSWORD_LENGTH) return fail('791', String(MIN_PASSWORD_LENGTH));
    const pwdHash = password ? await hashPassword(password, o.passwordCost) : null;
    const company = text(obj(args.COMPANY).COMPANY);
    if (!address.FULLNAME) address.FULLNAME = fullName(address);
    // The hash was computed without holding anything: check the name again as the row goes in.
    const ok = store.insert({
      bname: name,
      address,
      logondata,
      company,
      pwdHash,
      pwdState: pwdHash ? (isX(args.PRODUCTIVE_PWD) ? 'productive' : 'initial') : null,
    });
    if (!ok) return fail('224', name);
    return respond(
      f,
      args,
      { GENERATED_PASSWORD: structure('BAPIPWD', { BAPIPWD: generate ? password : '' }) },
      { RETURN: [ret('S', '102', name)] },
    );
  };

  const change: Operation = async (args) => {
    const f = fm('BAPI_USER_CHANGE');
    checkInput(f, args);
    const name = userName(args.USERNAME);
    const fail = (number: string, ...v: string[]) => respond(f, args, {}, { RETURN: [ret('E', number, ...v)] });
    if (!name) return fail('792');
    const before = store.get(name);
    if (!before) return fail('124', name);
    // Only the fields whose change flag (…X structure) is 'X' are written; a flagged empty field is cleared.
    const apply = (
      type: string,
      current: Record<string, string>,
      values: unknown,
      flags: unknown,
    ): Record<string, string> => {
      const next = { ...current };
      const v = obj(values);
      const x = obj(flags);
      for (const [field] of structureFields(type) ?? []) if (isX(x[field])) next[field] = text(v[field]);
      return compactFields(next);
    };
    const address = apply('BAPIADDR3', before.address, args.ADDRESS, args.ADDRESSX);
    const addressX = obj(args.ADDRESSX);
    if ((isX(addressX.FIRSTNAME) || isX(addressX.LASTNAME) || isX(addressX.MIDDLENAME)) && !isX(addressX.FULLNAME))
      address.FULLNAME = fullName(address);
    if (!(address.LASTNAME ?? '').trim()) return fail('391');
    const logondata = apply('BAPILOGOND', before.logondata, args.LOGONDATA, args.LOGONDATAX);
    const company = isX(obj(args.COMPANYX).COMPANY) ? text(obj(args.COMPANY).COMPANY) : before.company;
    let { pwdHash, pwdState } = before;
    let generated = '';
    if (isX(obj(args.PASSWORDX).BAPIPWD) || isX(args.GENERATE_PWD)) {
      const password = isX(args.GENERATE_PWD) ? (generated = generatePassword()) : text(obj(args.PASSWORD).BAPIPWD);
      if (!password) return fail('290');
      if (password.length < MIN_PASSWORD_LENGTH) return fail('791', String(MIN_PASSWORD_LENGTH));
      pwdHash = await hashPassword(password, o.passwordCost);
      pwdState = isX(args.PRODUCTIVE_PWD) ? 'productive' : 'initial';
    }
    const current = store.get(name);
    if (!current) return fail('124', name);
    store.update({ ...current, address, logondata, company, pwdHash, pwdState });
    return respond(
      f,
      args,
      { GENERATED_PASSWORD: structure('BAPIPWD', { BAPIPWD: generated }) },
      { RETURN: [ret('S', '039', name)] },
    );
  };

  const remove: Operation = async (args) => {
    const f = fm('BAPI_USER_DELETE');
    checkInput(f, args);
    const name = userName(args.USERNAME);
    if (!name || !store.delete(name)) return respond(f, args, {}, { RETURN: [ret('E', '124', name)] });
    return respond(f, args, {}, { RETURN: [ret('S', '199', name)] });
  };

  return {
    BAPI_USER_GETLIST: getList,
    BAPI_USER_GET_DETAIL: getDetail,
    BAPI_USER_CREATE1: create,
    BAPI_USER_CHANGE: change,
    BAPI_USER_DELETE: remove,
  };
}
