import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpSession } from './calls.ts';
import { registerCompletions } from './completions.ts';
import { McpLog } from './logging.ts';
import { registerPrompts } from './prompts.ts';
import { registerResources } from './resources.ts';
import { registerTools } from './tools.ts';

export const SERVER_INFO = { name: 'parley', title: 'Parley CRM', version: '0.1.0' };

const INSTRUCTIONS =
  'Parley is a CRM: customers, leads, deals in a pipeline, support issues, orders, payments and activities. ' +
  'You act as the signed-in person and see only what their role allows. Refer to records by id (23), ' +
  '"#23", document number (ORD-2026-0012, ISS-2026-0003) or name; "me" means the person. Amounts are in ' +
  'major units ("$3,000" or 3000). Tools that are not read-only change records as soon as they are called, ' +
  'so check with the person first; Parley asks them itself before a delete when the client lets it. ' +
  'Records can also be read as resources, e.g. parley://deals/23.';

/**
 * One MCP server for one caller: the tools, resources, prompts and completions their role allows, decided
 * when the server is made, and log messages at the client's level. Over HTTP a server lives for one
 * request; over stdio, for the client's whole session. Every method is answered by our own handlers, so
 * each error carries our code and message as written (the SDK's own prefix them with "MCP error <code>:").
 */
export async function createMcpServer(session: McpSession): Promise<McpServer> {
  const actor = await session.actor();
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS });
  registerTools(server, session, actor, new McpLog(server));
  registerResources(server, session, actor);
  registerPrompts(server, session, actor);
  registerCompletions(server, session, actor);
  return server;
}
