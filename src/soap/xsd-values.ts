// Values of XSD simple types: how a flow's value is written for a leaf's type (booleans, numbers, dates), and how
// a leaf's text is read back (integers and floating-point numbers as numbers, booleans as booleans, the rest as
// text). Integers beyond JavaScript's safe range and xsd:decimal stay text, so no digit is ever lost.
import { SoapRequestError } from './soap-errors.ts';

const INTEGER_TYPES = new Set([
  'integer',
  'int',
  'long',
  'short',
  'byte',
  'nonNegativeInteger',
  'positiveInteger',
  'nonPositiveInteger',
  'negativeInteger',
  'unsignedLong',
  'unsignedInt',
  'unsignedShort',
  'unsignedByte',
]);
const FLOAT_TYPES = new Set(['float', 'double']);
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const DECIMAL_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;
const FLOAT_TEXT = /^\s*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)\s*$/;

/** The text written for `value` in a leaf of XSD type `type`; `where` names the value in errors. */
export function formatXsdValue(type: string | undefined, value: unknown, where: string): string {
  const t = type ?? 'string';
  if (INTEGER_TYPES.has(t)) {
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'bigint') return String(value);
    if (typeof value === 'string' && INTEGER_TEXT.test(value)) return value.trim();
    throw new SoapRequestError(`${where}: ${shortValue(value)} is not an integer (type ${t})`);
  }
  if (t === 'decimal') {
    if (typeof value === 'number' && Number.isFinite(value)) return decimalText(value);
    if (typeof value === 'bigint') return String(value);
    if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return value.trim();
    throw new SoapRequestError(`${where}: ${shortValue(value)} is not a decimal number (type decimal)`);
  }
  if (FLOAT_TYPES.has(t)) {
    if (typeof value === 'number')
      return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'INF' : value === -Infinity ? '-INF' : String(value);
    if (typeof value === 'string' && FLOAT_TEXT.test(value)) return value.trim();
    throw new SoapRequestError(`${where}: ${shortValue(value)} is not a number (type ${t})`);
  }
  if (t === 'boolean') {
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'string' && /^\s*(true|false|1|0)\s*$/.test(value)) return value.trim();
    throw new SoapRequestError(`${where}: ${shortValue(value)} is not a boolean (true or false)`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SoapRequestError(`${where}: an invalid date`);
    const iso = value.toISOString();
    if (t === 'date') return iso.slice(0, 10);
    if (t === 'time') return iso.slice(11);
    return iso;
  }
  if ((t === 'base64Binary' || t === 'hexBinary') && value instanceof Uint8Array) {
    return Buffer.from(value).toString(t === 'hexBinary' ? 'hex' : 'base64');
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new SoapRequestError(`${where}: ${shortValue(value)} cannot be written as text (type ${t})`);
}

/** The value of a leaf's text for XSD type `type`. */
export function readXsdValue(type: string | undefined, text: string): unknown {
  if (text === '' || type === undefined) return text;
  if (INTEGER_TYPES.has(type)) {
    if (!INTEGER_TEXT.test(text)) return text;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text.trim();
  }
  if (FLOAT_TYPES.has(type)) {
    const t = text.trim();
    if (t === 'INF' || t === '+INF') return Infinity;
    if (t === '-INF') return -Infinity;
    if (t === 'NaN') return NaN;
    return FLOAT_TEXT.test(t) ? Number(t) : text;
  }
  if (type === 'boolean') {
    const t = text.trim();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
  }
  return text;
}

/** A number as xsd:decimal text: never in exponent notation. */
function decimalText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A value, shortly, for messages. */
export function shortValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
