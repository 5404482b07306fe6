// Value conversions between SCIM JSON values and connector attribute values, by connector attribute type.
import { scimError } from '../errors/catalogue.ts';
import type { AttrValue, ConnectorAttribute } from '../connector/types.ts';

/** A SCIM value → a connector value of the attribute's type; invalidValue when it cannot be. */
export function toConnectorValue(def: ConnectorAttribute, v: unknown): AttrValue | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'object' && !Array.isArray(v) && 'value' in (v as object)) v = (v as { value: unknown }).value;
  switch (def.type) {
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      break;
    case 'integer':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
      break;
    case 'dateTime':
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return v;
      break;
    default:
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  // A write-only attribute (export_password) is a secret: its value is never echoed, not even when it is wrong.
  const shown = def.writeOnly ? `a ${Array.isArray(v) ? 'list' : typeof v}` : JSON.stringify(v)?.slice(0, 80);
  throw scimError.invalidValue(`Attribute '${def.name}' expects a ${def.type}, got ${shown}.`);
}

/** A connector value → its SCIM JSON value. */
export function toScimValue(def: ConnectorAttribute, v: AttrValue): AttrValue {
  if (def.type === 'boolean' && typeof v === 'string') return v.toLowerCase() === 'true';
  if (def.type === 'integer' && typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return v;
}
