import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool as McpTool,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import { describeIssues, findTool, TOOLS, type Tool, type ToolOutcome, toolsFor } from '../tools/index.ts';
import { callTool, FAULT_MESSAGE, type McpSession } from './calls.ts';

/** The error code rides along in _meta, for clients that act on it rather than show it. */
export const ERROR_CODE_META = 'parley/error';

/**
 * MCP's hints, from the tool's definition. Updates are not marked destructive: the audit log keeps every
 * previous value, so an update can be undone, while a delete cannot.
 */
export function annotationsOf(tool: Tool): ToolAnnotations {
  return {
    title: tool.title,
    readOnlyHint: tool.kind === 'read',
    destructiveHint: tool.kind === 'destructive',
    idempotentHint: tool.idempotent,
    // Tools touch only this Parley organization's records, never the outside world.
    openWorldHint: false,
  };
}

function listingOf(tool: Tool): McpTool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as McpTool['inputSchema'],
    outputSchema: z.toJSONSchema(tool.output, { io: 'output' }) as McpTool['outputSchema'],
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
  // A result that breaks its own schema is our bug; clients that trust the schema must not receive it.
  const checked = findTool(name)!.output.safeParse(outcome.result);
  if (!checked.success) {
    const problem = new Error(
      `${name} returned a result outside its output schema: ${describeIssues(checked.error)}`,
    );
    session.onFault?.(problem, name);
    return faultResult();
  }
  return {
    // Clients that ignore structuredContent still get the same result, as text.
    content: [{ type: 'text', text: JSON.stringify(outcome.result, null, 2) }],
    structuredContent: outcome.result as Record<string, unknown>,
  };
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
