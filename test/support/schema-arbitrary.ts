import fc from 'fast-check';
import type { JsonSchema } from './contract.ts';

/**
 * fast-check arbitraries from the JSON Schemas of the API document: values a schema accepts, to get requests
 * past validation into the services, and values it refuses in one known way (a wrong type, a missing required
 * field, an unknown field, a value out of range), to probe validation itself.
 *
 * Only the keywords the document uses are read; a schema this does not understand yields any JSON value.
 */

type Components = Record<string, JsonSchema>;

/** Sizes kept small: the point is the shape of the input, not its bulk. */
const MAX_STRING = 24;
const MAX_ITEMS = 3;
const MAX_DEPTH = 5;

const anyJson = fc.jsonValue({ maxDepth: 2 });

const str = (s: JsonSchema, key: string) => (typeof s[key] === 'string' ? (s[key] as string) : undefined);
const num = (s: JsonSchema, key: string) => (typeof s[key] === 'number' ? (s[key] as number) : undefined);
const list = (s: JsonSchema, key: string) => (Array.isArray(s[key]) ? (s[key] as JsonSchema[]) : undefined);

const alphanumeric = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');

const OBJECT_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

const day = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Values worth trying for a property by its name, beside what its schema allows: real ids, known logins. */
export type Hints = (property: string) => fc.Arbitrary<unknown> | undefined;

export class SchemaArbitraries {
  constructor(
    private readonly components: Components = {},
    private readonly hints: Hints = () => undefined,
  ) {}

  /** Follows a `#/components/schemas/X` reference. */
  resolve(schema: JsonSchema): JsonSchema {
    const ref = str(schema, '$ref');
    if (!ref) return schema;
    const target = this.components[ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return this.resolve(target);
  }

  /** Values the schema accepts (as JSON Schema sees it; rules only the server knows may still refuse them). */
  valid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (!schema || depth > MAX_DEPTH) return anyJson;
    const s = this.resolve(schema);
    if ('const' in s) return fc.constant(s.const);
    const choices = list(s, 'enum');
    if (choices) return fc.constantFrom(...choices);
    const alternatives = list(s, 'anyOf') ?? list(s, 'oneOf');
    if (alternatives) return fc.oneof(...alternatives.map((a) => this.valid(a, depth + 1)));
    if (Array.isArray(s.type)) {
      return fc.oneof(...(s.type as string[]).map((type) => this.valid({ ...s, type }, depth + 1)));
    }
    switch (s.type) {
      case 'string':
        return this.string(s);
      case 'integer':
        return this.integer(s);
      case 'number':
        return fc.double({
          min: num(s, 'minimum') ?? -1e6,
          max: num(s, 'maximum') ?? 1e6,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(this.valid(s.items as JsonSchema | undefined, depth + 1), {
          minLength: num(s, 'minItems') ?? 0,
          maxLength: Math.max(num(s, 'minItems') ?? 0, Math.min(num(s, 'maxItems') ?? MAX_ITEMS, MAX_ITEMS)),
        });
      case 'object':
        return this.object(s, depth);
      default:
        return anyJson;
    }
  }

  /** Values the schema refuses: wrong in one way, or not the right kind of thing at all. */
  invalid(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
    if (!schema) return fc.constant(undefined);
    const s = this.resolve(schema);
    const props = Object.entries((s.properties ?? {}) as Record<string, JsonSchema>);
    const required = (s.required ?? []) as string[];
    const ways: fc.Arbitrary<unknown>[] = [this.outOfRange(s)];
    if (s.type === 'object' && props.length > 0) {
      const valid = this.valid(s) as fc.Arbitrary<Record<string, unknown>>;
      const prop = fc.constantFrom(...props);
      ways.push(
        fc.constant({}),
        fc
          .tuple(valid, prop)
          .chain(([o, [key, p]]) => this.outOfRange(p).map((bad) => ({ ...o, [key]: bad }))),
        valid.map((o) => ({ ...o, notAField: 'x' })),
      );
      if (required.length > 0) {
        ways.push(
          fc.tuple(valid, fc.constantFrom(...required)).map(([o, key]) => {
            const { [key]: _dropped, ...rest } = o;
            return rest;
          }),
        );
      }
    }
    return fc.oneof(...ways);
  }

  /** A value just outside what the schema allows, or of another type. */
  outOfRange(schema: JsonSchema): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    const wrongType = fc.constantFrom<unknown>(7, 'seven', true, null, [], { seven: 7 });
    const near: unknown[] = [];
    if (list(s, 'enum')) near.push('not-one-of-them');
    const maxLength = num(s, 'maxLength');
    if (maxLength !== undefined && maxLength < 5000) near.push('x'.repeat(maxLength + 1));
    if ((num(s, 'minLength') ?? 0) > 0) near.push('');
    if (str(s, 'format') === 'date') near.push('2026-02-30', '26-1-1');
    if (str(s, 'format') === 'email') near.push('not an email');
    const min = num(s, 'minimum') ?? num(s, 'exclusiveMinimum');
    const max = num(s, 'maximum');
    if (s.type === 'integer' || s.type === 'number') {
      if (min !== undefined) near.push(min - 1);
      if (max !== undefined) near.push(max + 1);
      if (s.type === 'integer') near.push(1.5);
    }
    return near.length > 0 ? fc.oneof(fc.constantFrom(...near), wrongType) : wrongType;
  }

  private string(s: JsonSchema): fc.Arbitrary<string> {
    const format = str(s, 'format');
    if (format === 'date') return day.map((d) => d.slice(0, 10));
    if (format === 'date-time') return day;
    if (format === 'email') {
      return fc
        .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.constantFrom('example.test', 'mail.example'))
        .map(([local, domain]) => `${local}@${domain}`);
    }
    const minLength = num(s, 'minLength') ?? 0;
    const maxLength = Math.min(num(s, 'maxLength') ?? MAX_STRING, Math.max(minLength, MAX_STRING));
    const pattern = str(s, 'pattern');
    if (pattern) {
      return fc
        .stringMatching(new RegExp(pattern))
        .filter(
          (v) => v.length >= minLength && v.length <= (num(s, 'maxLength') ?? Number.POSITIVE_INFINITY),
        );
    }
    const keys = OBJECT_KEYS.filter((v) => v.length >= minLength && v.length <= maxLength);
    // Mostly plain words, so rules the schema cannot state (trimmed, not blank) still pass; sometimes anything,
    // or the name of a property every object has, which a lookup in a plain object would find.
    return fc.oneof(
      { arbitrary: fc.string({ unit: alphanumeric, minLength, maxLength }), weight: 6 },
      ...(keys.length > 0 ? [{ arbitrary: fc.constantFrom(...keys), weight: 1 }] : []),
      {
        arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }).filter((v) => v.length <= maxLength),
        weight: 2,
      },
    );
  }

  private integer(s: JsonSchema): fc.Arbitrary<number> {
    const exclusive = num(s, 'exclusiveMinimum');
    const min = Math.max(num(s, 'minimum') ?? (exclusive !== undefined ? exclusive + 1 : -1000), -(2 ** 31));
    const max = Math.min(num(s, 'maximum') ?? 1_000_000, 2 ** 31 - 1);
    // Small values most of the time: ids of a fresh database are small, so references find their rows.
    return fc.oneof(
      { arbitrary: fc.integer({ min, max: Math.min(max, min + 40) }), weight: 3 },
      { arbitrary: fc.integer({ min, max }), weight: 1 },
    );
  }

  private object(s: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    const required = ((s.required ?? []) as string[]).filter((k) => k in props);
    const extra = s.additionalProperties;
    if (Object.keys(props).length === 0 && extra && typeof extra === 'object') {
      return fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), this.valid(extra as JsonSchema, depth + 1), {
        maxKeys: MAX_ITEMS,
      });
    }
    const fields = Object.fromEntries(
      Object.entries(props).map(([key, p]) => {
        const hint = this.hints(key);
        return [key, hint ? fc.oneof(hint, this.valid(p, depth + 1)) : this.valid(p, depth + 1)];
      }),
    );
    return fc.record(fields, { requiredKeys: required });
  }
}
