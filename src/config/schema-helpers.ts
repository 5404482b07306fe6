// Small TypeBox helpers shared by Ferry's configuration schemas.
import { Type, type TSchema, type TUnsafe, type SchemaOptions } from '@sinclair/typebox';

/** Marks a property the loader fills in when absent (e.g. a default computed from other settings). */
export const FilledByLoader: unique symbol = Symbol.for('ferry.config.filledByLoader');

/** A string restricted to a list of values, emitted as a plain JSON Schema `enum` (clean errors and editor completion). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/** A property that may be omitted in the file but is always present once loaded (the loader computes it). */
export function LoaderDefault<T extends TSchema>(schema: T): T {
  return { ...schema, [FilledByLoader]: true };
}

/** A scalar parameter value: string, number or boolean (one `type` list, no anyOf noise in errors). */
export function Scalar(options: SchemaOptions = {}): TUnsafe<string | number | boolean> {
  return Type.Unsafe<string | number | boolean>({ ...options, type: ['string', 'number', 'boolean'] });
}
