/**
 * Strict readers of the messages proto-loader delivers (with the options of `loadServices()`:
 * bytes as Buffers, 64-bit integers as decimal strings, enums as names, oneofs named). Each
 * reader names the field it rejects; what a rejection becomes is the caller's: a peer throws
 * INVALID_ARGUMENT at its caller, a client calls the answer unreadable (BAD_RESPONSE).
 */
import { isKeyType } from './key-type.js';
import { MAX_FIELD_BYTES } from './limits.js';

/** A message as proto-loader delivers it: its fields by their camelCase names. */
export type Fields = Record<string, unknown>;

/** Throws the caller's error for a field that fails its check. */
export type Fail = (message: string) => never;

export function isMessage(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The readers, throwing with `fail`; `name` (default: the field) is how errors call the field. */
export function fieldReaders(fail: Fail) {
  /** A value that must be a string (a field, or an entry of a repeated string field). */
  const string = (v: unknown, name: string): string => {
    if (typeof v !== 'string') fail(`${name}: expected a string, got ${typeof v}`);
    return v;
  };
  return {
    string,

    bytes(req: Fields, field: string, min = 1, max = MAX_FIELD_BYTES, name = field): Uint8Array {
      const v = req[field];
      if (!(v instanceof Uint8Array) || v.length < min || v.length > max) {
        fail(`${name}: expected ${min}..${max} bytes`);
      }
      return v;
    },

    keyType(req: Fields, field = 'keyType'): string {
      const v = req[field];
      if (!isKeyType(v)) fail(`${field}: four lowercase letters or digits`);
      return v;
    },

    uint(req: Fields, field: string, min: number, max: number, name = field): number {
      const v = req[field];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
        fail(`${name}: ${min}..${max}`);
      return v;
    },

    flag(req: Fields, field: string): boolean {
      const v = req[field];
      if (typeof v !== 'boolean') fail(`${field}: expected a boolean`);
      return v;
    },

    text(req: Fields, field: string, name = field): string {
      return string(req[field], name);
    },

    list(req: Fields, field: string, min: number, max: number): unknown[] {
      const v = req[field];
      if (!Array.isArray(v) || v.length < min || v.length > max)
        fail(`${field}: expected ${min}..${max} entries`);
      return v;
    },

    record(v: unknown, name: string): Fields {
      if (typeof v !== 'object' || v === null) fail(`${name}: expected a message`);
      return v as Fields;
    },
  };
}

export type FieldReaders = ReturnType<typeof fieldReaders>;
