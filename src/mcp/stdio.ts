import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { actorFor } from '../auth/actors.ts';
import { resolveBearer } from '../auth/sessions.ts';
import type { Crm } from '../crm/index.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import { createMcpServer } from './server.ts';

/** The database the token's credential is checked against, as auth takes it. */
type Db = Parameters<typeof resolveBearer>[0];

const INVALID_TOKEN =
  'The token is not valid: it may be mistyped, expired or revoked. Create one with `parley token create`.';

/** The token's person in the token's organization, checked afresh each time. */
async function actorOfToken(db: Db, clock: Clock, token: string): Promise<Actor> {
  const credential = await resolveBearer(db, token, clock);
  if (!credential) throw new DomainError('unauthenticated', INVALID_TOKEN);
  return actorFor(db, credential.userId, 'mcp', { organizationId: credential.organizationId });
}

/**
 * Serves MCP over this process's stdin and stdout for a desktop client that launched it, acting as the
 * token's holder. Refuses to start with a bad token, so the client shows the error instead of an empty
 * tool list. Resolves when the client closes the connection.
 */
export async function serveStdio(opts: {
  db: Db;
  crm: Crm;
  clock: Clock;
  token: string;
  onFault?: (error: unknown, during: string) => void;
}): Promise<void> {
  const { db, crm, clock, token } = opts;
  await actorOfToken(db, clock, token);
  const server = await createMcpServer({
    crm,
    clock,
    actor: () => actorOfToken(db, clock, token),
    ...(opts.onFault && { onFault: opts.onFault }),
  });
  const transport = new StdioServerTransport();
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
