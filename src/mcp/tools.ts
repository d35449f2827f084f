import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  type Tool as McpTool,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../domain/actor.ts';
import { describeIssues, findTool, TOOLS, type Tool, type ToolOutcome, toolsFor } from '../tools/index.ts';
import { clientJsonSchema } from '../tools/json-schema.ts';
import { callTool, ERROR_CODE_META, FAULT_MESSAGE, type McpSession, ProtocolError } from './calls.ts';
import { canAskPerson, confirmWithPerson } from './elicitation.ts';
import type { McpLog, Notify } from './logging.ts';

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

/** What the client's log hears about a call: that a write was made, or why a call was refused. */
async function logOutcome(log: McpLog, notify: Notify, tool: Tool, result: CallToolResult): Promise<void> {
  const code = result._meta?.[ERROR_CODE_META];
  if (typeof code === 'string') {
    await log.send(notify, 'warning', `${tool.name} was not done (${code})`, { tool: tool.name, code });
  } else if (!result.isError && tool.kind !== 'read') {
    await log.send(notify, 'info', `${tool.name} made its change`, { tool: tool.name });
  }
}

/** What a client is offered: the role's tools, less those only the assistant's file readers use. */
export function offeredTools(actor: Pick<Actor, 'role'>): Tool[] {
  return toolsFor(actor).filter((t) => !t.readerOnly);
}

/**
 * Offers the caller's tools: the catalogue filtered by role, so a customer never even sees create_lead.
 * Calls go to the catalogue's runTool, which checks the role and the input again with the catalogue's own
 * messages, so a refusal reads the same here as in the assistant. A name outside the catalogue is a
 * protocol error (invalid params); bad arguments and refusals are tool errors the model can read and act on.
 * Writes run as soon as they are called: MCP clients ask the person before calling a tool that is not
 * read-only (which is what the annotations are for). A destructive tool also asks the person through the
 * client itself (elicitation) when the client can, with Parley's own account of what will be deleted.
 */
export function registerTools(mcp: McpServer, session: McpSession, actor: Actor, log: McpLog): void {
  const listed = offeredTools(actor).map((t) => LISTINGS.get(t.name)!);
  mcp.server.registerCapabilities({ tools: {} });
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: input } = request.params;
    const tool = findTool(name);
    if (!tool || tool.readerOnly)
      throw new ProtocolError(ErrorCode.InvalidParams, `There is no tool called ${name}`);
    let result: CallToolResult;
    try {
      const refused =
        tool.kind === 'destructive' && canAskPerson(mcp)
          ? await confirmWithPerson(session, name, input, extra)
          : null;
      result = refused ?? toResult(session, name, await callTool(session, name, input ?? {}));
    } catch {
      // Reported where it happened; its message may hold SQL or paths, so it stays on our side.
      result = faultResult();
    }
    await logOutcome(log, extra.sendNotification, tool, result);
    return result;
  });
}
