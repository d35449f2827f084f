import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool as McpTool,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../domain/actor.ts';
import { describeIssues, findTool, TOOLS, type Tool, type ToolOutcome, toolsFor } from '../tools/index.ts';
import { clientJsonSchema } from '../tools/json-schema.ts';
import { callTool, FAULT_MESSAGE, type McpSession } from './calls.ts';

/** The error code rides along in _meta, for clients that act on it rather than show it. */
export const ERROR_CODE_META = 'parley/error';

/**
 * MCP's hints, from the tool's definition, leaving out what the spec's defaults already say and the hints it
 * ignores for a read-only tool. Updates are not marked destructive: the audit log keeps every previous
 * value, so an update can be undone, while a delete cannot.
 */
export function annotationsOf(tool: Tool): ToolAnnotations {
  // Tools touch only this Parley organization's records, never the outside world (the default is true).
  if (tool.kind === 'read') return { readOnlyHint: true, openWorldHint: false };
  return {
    // The default is true, so a write that only creates or changes says so.
    destructiveHint: tool.kind === 'destructive',
    ...(tool.idempotent && { idempotentHint: true }),
    openWorldHint: false,
  };
}

/** A tool as tools/list shows it; its title is at the top level, where the spec looks first. */
function listingOf(tool: Tool): McpTool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: clientJsonSchema(tool.input, 'input') as McpTool['inputSchema'],
    ...(tool.output && { outputSchema: clientJsonSchema(tool.output, 'output') as McpTool['outputSchema'] }),
    annotations: annotationsOf(tool),
  };
}

/** Built once: HTTP makes a server per request, and the schemas never change while the process runs. */
const LISTINGS = new Map<string, McpTool>(TOOLS.map((t) => [t.name, listingOf(t)]));

const faultResult = (): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text: FAULT_MESSAGE }],
});

function toResult(session: McpSession, name: string, outcome: ToolOutcome): CallToolResult {
  if (!outcome.ok) {
    return {
      isError: true,
      content: [{ type: 'text', text: outcome.error.message }],
      _meta: { [ERROR_CODE_META]: outcome.error.code },
    };
  }
  // Every client gets the result as text; it is structured too where the tool declares an output schema.
  const content: CallToolResult['content'] = [
    { type: 'text', text: JSON.stringify(outcome.result, null, 2) },
  ];
  const output = findTool(name)!.output;
  if (!output) return { content };
  // A result that breaks its own schema is our bug; clients that trust the schema must not receive it.
  const checked = output.safeParse(outcome.result);
  if (!checked.success) {
    const problem = new Error(
      `${name} returned a result outside its output schema: ${describeIssues(checked.error)}`,
    );
    session.onFault?.(problem, name);
    return faultResult();
  }
  return { content, structuredContent: outcome.result as Record<string, unknown> };
}

/**
 * Offers the caller's tools: the catalogue filtered by role, so a customer never even sees create_lead.
 * Calls go to the catalogue's runTool, which checks the role and the input again with the catalogue's own
 * messages, so a refusal reads the same here as in the assistant. Writes run as soon as they are called:
 * MCP clients ask the person before calling a tool that is not read-only (which is what the annotations are
 * for); Parley's own confirmation step belongs to its assistant.
 */
export function registerTools(mcp: McpServer, session: McpSession, actor: Actor): void {
  const listed = toolsFor(actor).map((t) => LISTINGS.get(t.name)!);
  mcp.server.registerCapabilities({ tools: {} });
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: input } = request.params;
    try {
      return toResult(session, name, await callTool(session, name, input ?? {}));
    } catch {
      // callTool has reported the fault; its message may hold SQL or paths, so it stays on our side.
      return faultResult();
    }
  });
}
