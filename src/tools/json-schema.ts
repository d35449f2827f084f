import { z } from 'zod';
import { type KindTag, kindOf, type ValueKind } from './values.ts';

/**
 * Tool schemas as JSON Schema. zod writes the shape; each reader decides how a shared value kind reads
 * (values.ts), and clients get a portable subset of JSON Schema 2020-12 that strict compilers accept.
 */

export type JsonSchema = Record<string, unknown>;

/** How a reader writes a property of a shared kind, given the description the property adds, if any. */
export type KindWriter = (tag: KindTag, description: string | undefined) => JsonSchema;

/** Set on a kind's node while zod converts, then replaced by the writer's form; never leaves this module. */
const MARK = '~kind';

/** A schema as JSON Schema, with each property of a shared kind written by `writeKind`. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', writeKind: KindWriter): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    override(ctx) {
      // zod copies a node's keys onto its wrappers (.optional(), .describe()), so the mark reaches them too.
      const tag = kindOf(ctx.zodSchema);
      if (tag) ctx.jsonSchema[MARK] = tag;
    },
  }) as JsonSchema;
  return rewrite(json, (node) => {
    const tag = node[MARK] as KindTag | undefined;
    return tag ? writeKind(tag, node.description as string | undefined) : node;
  });
}

/** Keywords whose value maps names to schemas; the map itself is not a schema (a field may be called "type"). */
const SCHEMA_MAPS = new Set(['properties', '$defs']);

/** Applies `visit` to every schema in the schema, innermost first. */
function rewrite(schema: JsonSchema, visit: (node: JsonSchema) => JsonSchema): JsonSchema {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: JsonSchema = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === MARK) out[key] = inner;
      else if (SCHEMA_MAPS.has(key)) out[key] = mapValues(inner as JsonSchema, walk);
      else out[key] = walk(inner);
    }
    return visit(out);
  };
  return walk(schema) as JsonSchema;
}

function mapValues(map: JsonSchema, f: (value: unknown) => unknown): JsonSchema {
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, f(value)]));
}

/**
 * The kinds as clients see them: the type alone where the server's instructions explain the convention
 * once (references, people, amounts), a short description where the values must be named. References and
 * amounts are listed as text, which every form of them can be written as ("23", "#23", "$3k"); the tools
 * take numbers too.
 */
const CLIENT_KINDS: Record<ValueKind, JsonSchema> = {
  record: { type: 'string' },
  person: { type: 'string' },
  amount: { type: 'string' },
  period: {
    type: 'string',
    description: 'today, this_month, last_quarter… or YYYY-MM-DD..YYYY-MM-DD',
  },
  date: { type: 'string', format: 'date' },
  limit: { type: 'integer', minimum: 1, maximum: 100 },
  prefix: { type: 'string', description: 'Start of a name, title or email' },
};

const SAFE_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
/** Lengths the tools check anyway and name in their refusal; a client choosing values does not need them. */
const LENGTHS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems']);

/**
 * A schema as MCP clients are given it: kinds in their short form, without lengths or zod's implied bounds
 * (the safe integer range), with a union of types as `anyOf` rather than a type array, and without `$schema`
 * (MCP's default dialect is 2020-12). Inputs stay closed; outputs are open (no `additionalProperties` at
 * all), so a field added to a result later never fails a client's validation.
 */
export function clientJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = jsonSchemaOf(schema, io, (tag, description) => {
    const form = CLIENT_KINDS[tag.kind];
    const said = [description, form.description].filter(Boolean);
    return { ...form, ...(said.length > 0 && { description: said.join(': ') }) };
  });
  const { $schema: _, ...portable } = rewrite(json, (node) => {
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'minimum' || key === 'maximum') && SAFE_BOUNDS.has(value as number)) continue;
      if (LENGTHS.has(key) && typeof value === 'number') continue;
      if (key === 'additionalProperties' && (isEmptyObject(value) || io === 'output')) continue;
      if (key === 'type' && Array.isArray(value)) {
        out.anyOf = value.map((type) => ({ type }));
        continue;
      }
      out[key] = value;
    }
    return out;
  });
  return portable;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
