import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpSession } from './calls.ts';
import { registerCompletions } from './completions.ts';
import { McpLog } from './logging.ts';
import { registerPrompts } from './prompts.ts';
import { registerResources } from './resources.ts';
import { registerTools } from './tools.ts';

export const SERVER_INFO = { name: 'parley', title: 'Parley CRM', version: '0.1.0' };

/** The conventions every tool follows, said once here rather than in each tool's description. */
const INSTRUCTIONS =
  'Parley is a CRM: customers, leads, deals in a pipeline, support issues, orders, payments and activities. ' +
  'You act as the signed-in person and see only what their role allows. In every tool: a record is named ' +
  'by id (23), "#23", document number (ORD-2026-0012, ISS-2026-0003) or name; a person by "me" (the ' +
  'signed-in person), user id, name or email; amounts are in major units (3000, "3,000.50", "$3k"); dates ' +
  'are YYYY-MM-DD; periods are today, yesterday, this_ or last_ week, month, quarter or year, or ' +
  'YYYY-MM-DD..YYYY-MM-DD (inclusive). Lists return 20 records unless given a limit (at most 100) and say whether more match. ' +
  'Updates change only the fields given. What an employee creates is assigned to them unless a colleague ' +
  'is named. Tools that are not read-only change records as soon as they are called, so check with the ' +
  'person first; Parley asks them itself before a delete when the client lets it. Records can also be ' +
  'read as resources, e.g. parley://deals/23.';

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
