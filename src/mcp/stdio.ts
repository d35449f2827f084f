import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { type CallerCheck, CallerCheckedTransport, CREDENTIAL_REFUSED } from './caller-check.ts';
import { FAULT_MESSAGE } from './calls.ts';
import { createMcpServer } from './server.ts';

const INVALID_TOKEN =
  'The token is not valid: it may be mistyped, expired or revoked. Create one with `parley token create`.';

const NO_LONGER_MEMBER =
  "The token's holder is no longer a member of its organization. Ask an owner to invite you again.";

/** The token's person in the token's organization, checked afresh each time. */
async function actorOfToken(crm: Crm, token: string): Promise<Actor> {
  const credential = await crm.sessions.resolve(token);
  if (!credential) throw new DomainError('unauthenticated', INVALID_TOKEN);
  try {
    return await crm.account.actorFor(credential.userId, 'mcp', {
      organizationId: credential.organizationId,
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'forbidden') {
      throw new DomainError('unauthenticated', NO_LONGER_MEMBER);
    }
    throw error;
  }
}

/**
 * Before each request: a token that stopped working refuses it; a fault refuses it without internals. The
 * actor it found serves the request that follows, so a tool call resolves the token once, not twice.
 */
function tokenCheck(
  crm: Crm,
  token: string,
  onFault?: (error: unknown, during: string) => void,
): { check: CallerCheck; actor: () => Promise<Actor> } {
  let checked: Actor | null = null;
  const check: CallerCheck = async () => {
    checked = null;
    try {
      checked = await actorOfToken(crm, token);
      return null;
    } catch (error) {
      if (error instanceof DomainError) return { code: CREDENTIAL_REFUSED, message: error.message };
      onFault?.(error, 'checking the token');
      return { code: ErrorCode.InternalError, message: FAULT_MESSAGE };
    }
  };
  return { check, actor: async () => checked ?? actorOfToken(crm, token) };
}

/**
 * Serves MCP over this process's stdin and stdout for a desktop client that launched it, acting as the
 * token's holder. Refuses to start with a bad token, so the client shows the error instead of an empty
 * tool list, and checks the token again before every request, since the process outlives many of them.
 * Resolves when the client closes the connection.
 */
export async function serveStdio(opts: {
  crm: Crm;
  clock: Clock;
  token: string;
  onFault?: (error: unknown, during: string) => void;
}): Promise<void> {
  const { crm, clock, token, onFault } = opts;
  await actorOfToken(crm, token);
  const caller = tokenCheck(crm, token, onFault);
  const server = await createMcpServer({ crm, clock, actor: caller.actor, ...(onFault && { onFault }) });
  const transport = new CallerCheckedTransport(new StdioServerTransport(), caller.check);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  // The transport does not notice the client going away on its own; stdin ending is that signal.
  const end = () => void server.close();
  process.stdin.once('end', end);
  await server.connect(transport);
  await closed;
  process.stdin.off('end', end);
}
