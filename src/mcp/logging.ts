import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type LoggingLevel,
  LoggingLevelSchema,
  type ServerNotification,
  SetLevelRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

/** Until the client picks a level, it hears what a person would want in a log: writes and refusals. */
const DEFAULT_LEVEL: LoggingLevel = 'info';

const SEVERITY = new Map(LoggingLevelSchema.options.map((level, index) => [level, index]));

/** Where a message goes: the request it is about, so it travels with that request's answer. */
export type Notify = (notification: ServerNotification) => Promise<void>;

/**
 * MCP's `notifications/message` for one connection, at or above the level the client set with
 * `logging/setLevel`. Messages name tools, record kinds and refusal reasons, never arguments, record
 * contents or credentials: a client may keep its log anywhere.
 */
export class McpLog {
  private level: LoggingLevel = DEFAULT_LEVEL;

  /** Declares the capability and answers `logging/setLevel` for this server. */
  constructor(mcp: McpServer) {
    mcp.server.registerCapabilities({ logging: {} });
    mcp.server.setRequestHandler(SetLevelRequestSchema, (request) => {
      this.level = request.params.level;
      return {};
    });
  }

  async send(notify: Notify, level: LoggingLevel, message: string, data: Record<string, unknown> = {}) {
    if (SEVERITY.get(level)! < SEVERITY.get(this.level)!) return;
    // A message that cannot be delivered (the client went away) must not fail the request it is about.
    await notify({
      method: 'notifications/message',
      params: { level, logger: 'parley', data: { message, ...data } },
    }).catch(() => {});
  }
}
