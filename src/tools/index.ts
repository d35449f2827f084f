import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import { DomainError, type ErrorCode } from '../domain/errors.ts';
import { grantFor } from '../domain/policy.ts';
import { activityTools } from './activities.ts';
import { customerTools } from './customers.ts';
import { dealTools } from './deals.ts';
import { generalTools } from './general.ts';
import { importTools } from './imports.ts';
import { issueTools } from './issues.ts';
import { leadTools } from './leads.ts';
import { orderTools } from './orders.ts';
import { paymentTools } from './payments.ts';
import { statsTools } from './stats.ts';
import type { Tool, ToolContext } from './tool.ts';

export type { Tool, ToolContext, ToolKind } from './tool.ts';

const CATALOGUE = [
  ...generalTools,
  ...customerTools,
  ...leadTools,
  ...dealTools,
  ...issueTools,
  ...orderTools,
  ...paymentTools,
  ...activityTools,
  ...statsTools,
  // In no group: models are not offered it, as files reach the assistant through its own reader.
  ...importTools,
];
type CatalogueTool = (typeof CATALOGUE)[number];
type ToolNamed<N extends ToolName> = Extract<CatalogueTool, { name: N }>;

/** The name of a tool in the catalogue. */
export type ToolName = CatalogueTool['name'];
/** What a caller may send to a tool, before parsing. */
export type ToolInput<N extends ToolName> = z.input<ToolNamed<N>['input']>;

/**
 * The one catalogue of actions behind the assistant, the MCP server and the offline engine. Tools call crm/
 * services with the caller's actor, so what a tool may do is decided where every other caller is checked.
 */
export const TOOLS: readonly Tool<ToolName>[] = CATALOGUE;

/** Every tool name, in catalogue order. */
export const TOOL_NAMES = TOOLS.map((t) => t.name);

/** Each tool's input schema by name. */
export const toolInputs = Object.fromEntries(CATALOGUE.map((t) => [t.name, t.input])) as {
  [N in ToolName]: ToolNamed<N>['input'];
};

/**
 * The catalogue by subject, for offering a model only the part a request is about. `general` (who am I,
 * search, delete, statistics across subjects) goes with every request.
 */
export const TOOL_GROUPS = {
  general: [...generalTools, ...statsTools],
  customers: customerTools,
  leads: leadTools,
  deals: dealTools,
  issues: issueTools,
  sales: [...orderTools, ...paymentTools],
  activities: activityTools,
} as const satisfies Record<string, readonly Tool[]>;
export type ToolGroup = keyof typeof TOOL_GROUPS;

const BY_NAME = new Map<string, Tool<ToolName>>(TOOLS.map((t) => [t.name, t]));

/** A tool by name, whoever asks. */
export function findTool(name: string): Tool | undefined {
  return BY_NAME.get(name);
}

/** The tools a role can use at all; the services still check each record. */
export function toolsFor(actor: Pick<Actor, 'role'>): Tool[] {
  return TOOLS.filter((t) => grantFor(actor.role, t.requires.area, t.requires.action) !== false);
}

export type ToolOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: ErrorCode | 'unknown_tool'; message: string; choices?: Choice[] } };

/** A record a name matched, when it matched several: what a person picks from. */
export interface Choice {
  type: string;
  id: number;
  label: string;
}

/** Zod issues as one readable line: "items.0.quantity: Too small: expected number to be >=1". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

const VERBS: Record<Tool['requires']['action'], string> = {
  read: 'see',
  create: 'add',
  update: 'change',
  delete: 'delete',
  comment: 'comment on',
};

/** "Customers can't see deals." A refusal in the words of the permission table, without tool names. */
function refusal(role: Actor['role'], tool: Tool): string {
  const { area, action } = tool.requires;
  // Deleting is one tool for every kind of record; its cell is the customers' one.
  const what = tool.kind === 'destructive' ? 'records' : area === 'analytics' ? 'statistics' : area;
  return `${role.charAt(0).toUpperCase()}${role.slice(1)}s can't ${VERBS[action]} ${what} here.`;
}

/**
 * Checks and parses a tool call's input for the actor: the tool must exist and be offered to the role, and
 * the input must match its schema. Returns the parsed input or a refusal a person or model can act on.
 */
export function prepareCall(
  actor: Pick<Actor, 'role'>,
  name: string,
  input: unknown,
): { ok: true; tool: Tool; input: unknown } | Extract<ToolOutcome, { ok: false }> {
  const tool = findTool(name);
  if (!tool)
    return { ok: false, error: { code: 'unknown_tool', message: `There is no tool called ${name}` } };
  if (!toolsFor(actor).includes(tool)) {
    return { ok: false, error: { code: 'forbidden', message: refusal(actor.role, tool) } };
  }
  const parsed = tool.input.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'validation_failed', message: describeIssues(parsed.error) } };
  }
  return { ok: true, tool, input: parsed.data };
}

/** Service refusals become outcomes; anything else is a fault and is rethrown for the caller to log. */
async function guarded(run: () => Promise<unknown>): Promise<ToolOutcome> {
  try {
    return { ok: true, result: await run() };
  } catch (error) {
    if (error instanceof DomainError) {
      const choices = (error.details as { choices?: Choice[] } | undefined)?.choices;
      return { ok: false, error: { code: error.code, message: error.message, ...(choices && { choices }) } };
    }
    if (error instanceof z.ZodError) {
      return { ok: false, error: { code: 'validation_failed', message: describeIssues(error) } };
    }
    throw error;
  }
}

export async function runTool(ctx: ToolContext, name: string, input: unknown): Promise<ToolOutcome> {
  const call = prepareCall(ctx.actor, name, input);
  if (!call.ok) return call;
  return guarded(() => call.tool.execute(ctx, call.input as never));
}

/** The sentence shown before a write runs; reads need none. */
export async function describeCall(
  ctx: ToolContext,
  name: string,
  input: unknown,
): Promise<{ ok: true; summary: string } | Extract<ToolOutcome, { ok: false }>> {
  const call = prepareCall(ctx.actor, name, input);
  if (!call.ok) return call;
  const outcome = await guarded(async () =>
    call.tool.describe ? call.tool.describe(ctx, call.input as never) : `Run ${name}`,
  );
  return outcome.ok ? { ok: true, summary: outcome.result as string } : outcome;
}
