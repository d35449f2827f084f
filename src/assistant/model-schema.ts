import { PERIOD_NAMES } from '../domain/periods.ts';
import { findTool, type Tool } from '../tools/index.ts';
import { jsonSchemaOf } from '../tools/json-schema.ts';
import type { KindTag, ValueKind } from '../tools/values.ts';

type Schema = Record<string, unknown>;

/** Limits the tools enforce anyway; a model needs the shape and the words, not the bounds. */
const DROPPED = new Set([
  '$schema',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'pattern',
  'additionalProperties',
]);

/**
 * The value kinds of tools/values.ts, as a model is shown them: a type and a one-word
 * label in the schema, and this explanation once per request instead of in every property.
 */
const CONVENTIONS: Record<ValueKind, { type: string; means: string }> = {
  person: { type: 'string', means: '"me" (the user), a user id, or a name or email' },
  record: { type: 'string', means: 'an id (23), "#23", a document number such as ORD-2026-0012, or a name' },
  amount: { type: 'string', means: 'money in major units: 3000, "3,000.50", "$3k"' },
  date: { type: 'string', means: 'YYYY-MM-DD' },
  period: { type: 'string', means: `${PERIOD_NAMES.join(', ')}, or "YYYY-MM-DD..YYYY-MM-DD" (inclusive)` },
  prefix: { type: 'string', means: 'text a name, title or email starts with' },
  limit: { type: 'integer', means: 'how many records to return (default 20, at most 100)' },
};

/** What the labels in tool schemas mean; sent to the model with the tools. */
export const TOOL_CONVENTIONS = `Argument kinds in the tools: ${Object.entries(CONVENTIONS)
  .map(([name, c]) => `${name} = ${c.means}`)
  .join('; ')}.`;

/**
 * The JSON schema a language model is shown for a tool's input: the zod schema's shape and descriptions,
 * without the bounds and patterns the tool validates anyway, with shared value kinds reduced to their
 * label, and with "a number or some text" unions written as text (the tools accept "23" wherever they
 * accept 23). Each token here is paid on every request that offers the tool.
 */
export function modelSchema(name: string): Schema {
  const tool = findTool(name);
  if (!tool) throw new Error(`There is no tool called ${name}`);
  return compact(jsonSchemaOf(tool.input, 'input', labelled)) as Schema;
}

function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!DROPPED.has(key)) out[key] = compact(value);
  }
  const variants = out.anyOf as Schema[] | undefined;
  if (variants?.every((v) => v.type === 'string' || v.type === 'integer' || v.type === 'number')) {
    const { anyOf: _, ...rest } = out;
    const named = variants.filter((v) => 'const' in v).map((v) => v.const);
    return { type: 'string', ...rest, ...(named.length > 0 && !rest.description ? { examples: named } : {}) };
  }
  return out;
}

/** A property of a shared kind, as its label; its own description is kept after it. */
function labelled({ kind, noun }: KindTag, description: string | undefined): Schema {
  const label = noun ? `${kind}: the ${noun}` : kind;
  return { type: CONVENTIONS[kind].type, description: description ? `${label}; ${description}` : label };
}

/** A tool as a model is offered it. */
export function modelDeclaration(tool: Tool) {
  return { name: tool.name, description: tool.description, parameters: modelSchema(tool.name) };
}

const declarationSizes = new Map<string, number>();

/** The length of a tool's declaration in JSON characters: what offering it costs, about 4 per token. */
export function declarationChars(tool: Tool): number {
  let size = declarationSizes.get(tool.name);
  if (size === undefined) {
    size = JSON.stringify(modelDeclaration(tool)).length;
    declarationSizes.set(tool.name, size);
  }
  return size;
}
