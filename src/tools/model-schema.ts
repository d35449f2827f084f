import { z } from 'zod';
import type { ToolName } from './inputs.ts';
import { toolInputs } from './inputs.ts';

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
]);

/**
 * The JSON schema a language model is shown for a tool's input: the zod schema's shape and descriptions,
 * without the bounds and patterns the tool validates anyway, and with "a number or some text" unions written
 * as text (the tools accept "23" wherever they accept 23). Every tool is offered on every model turn, so
 * each token here is paid on each request.
 */
export function modelSchema(name: ToolName): Schema {
  return compact(z.toJSONSchema(toolInputs[name], { io: 'input' })) as Schema;
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
