import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type CallToolResult,
  ElicitResultSchema,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { DomainError } from '../domain/errors.ts';
import { describeCall } from '../tools/index.ts';
import { ERROR_CODE_META, type McpSession, toolContext } from './calls.ts';

/** A person may take a while to read and decide; past this the question lapses and nothing happens. */
const ANSWER_WITHIN_MS = 5 * 60_000;

/** Whether the connected client said it can put a form question to its person. */
export function canAskPerson(mcp: McpServer): boolean {
  return Boolean(mcp.server.getClientCapabilities()?.elicitation?.form);
}

const notDone = (code: string, text: string): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text }],
  _meta: { [ERROR_CODE_META]: code },
});

/**
 * Asks the person, through their client (`elicitation/create`), to confirm a destructive call, showing
 * Parley's own sentence for it ("Delete deal #12 Website redesign permanently") rather than the model's
 * account of it. Returns null when the person accepted, or the result to answer with when the call must
 * not run: refused before asking (no such record, not allowed), declined, cancelled, or no answer.
 */
export async function confirmWithPerson(
  session: McpSession,
  name: string,
  input: unknown,
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
): Promise<CallToolResult | null> {
  let described: Awaited<ReturnType<typeof describeCall>>;
  try {
    described = await describeCall(await toolContext(session), name, input ?? {});
  } catch (error) {
    // A credential that stopped working is a refusal like any other; anything else is a fault.
    if (error instanceof DomainError) return notDone(error.code, error.message);
    session.onFault?.(error, name);
    throw error;
  }
  if (!described.ok) return notDone(described.error.code, described.error.message);
  const { summary } = described;
  let action: 'accept' | 'decline' | 'cancel';
  try {
    const answer = await extra.sendRequest(
      {
        method: 'elicitation/create',
        params: {
          mode: 'form',
          message: `${summary}? This cannot be undone.`,
          // Nothing to fill in: accepting is the confirmation.
          requestedSchema: { type: 'object', properties: {} },
        },
      },
      ElicitResultSchema,
      { timeout: ANSWER_WITHIN_MS },
    );
    action = answer.action;
  } catch {
    return notDone('not_confirmed', `Not done: no confirmation came for "${summary}". Nothing was changed.`);
  }
  if (action === 'accept') return null;
  const how = action === 'decline' ? 'declined' : 'cancelled';
  return notDone(how, `Not done: the person ${how} "${summary}". Nothing was changed.`);
}
