import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, type Resource } from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../domain/actor.ts';
import type { ToolName } from '../tools/index.ts';
import { toolsFor } from '../tools/index.ts';
import { callToolOrFail, type McpSession, ProtocolError, RESOURCE_NOT_FOUND } from './calls.ts';

/** How many recent records of each kind resources/list offers; older ones are read by URI or found by tools. */
const LISTED_PER_KIND = 20;

interface RecordKind {
  /** The URI's host part: parley://deals/12 */
  path: string;
  /** The record's name in the get tool's input, e.g. get_deal({ deal }) */
  what: 'customer' | 'lead' | 'deal' | 'issue' | 'order';
  get: ToolName;
  list: ToolName;
  label(item: Record<string, unknown>): string;
}

const KINDS: RecordKind[] = [
  {
    path: 'customers',
    what: 'customer',
    get: 'get_customer',
    list: 'list_customers',
    label: (c) => String(c.name),
  },
  { path: 'leads', what: 'lead', get: 'get_lead', list: 'list_leads', label: (l) => String(l.name) },
  { path: 'deals', what: 'deal', get: 'get_deal', list: 'list_deals', label: (d) => String(d.title) },
  {
    path: 'issues',
    what: 'issue',
    get: 'get_issue',
    list: 'list_issues',
    label: (i) => `${i.number} ${i.title}`,
  },
  { path: 'orders', what: 'order', get: 'get_order', list: 'list_orders', label: (o) => String(o.number) },
];

export const recordUri = (path: string, id: number | string) => `parley://${path}/${id}`;

/** "12" is an id; anything else ("ORD-2026-0012", "Acme") is a reference the get tool resolves. */
function referenceOf(value: string | string[] | undefined): number | string {
  const text = decodeURIComponent(String(Array.isArray(value) ? value[0] : (value ?? ''))).trim();
  return /^\d+$/.test(text) ? Number(text) : text;
}

async function recentRecords(session: McpSession, kind: RecordKind): Promise<Resource[]> {
  const outcome = await callToolOrFail(session, kind.list, { limit: LISTED_PER_KIND });
  if (!outcome.ok) return [];
  const { items } = outcome.result as { items: Record<string, unknown>[] };
  return items.map((item) => ({
    uri: recordUri(kind.path, Number(item.id)),
    name: `${kind.what} ${item.id}`,
    title: kind.label(item),
    mimeType: 'application/json',
  }));
}

async function readRecord(session: McpSession, kind: RecordKind, uri: URL, reference: number | string) {
  const outcome = await callToolOrFail(session, kind.get, { [kind.what]: reference });
  if (!outcome.ok) {
    const missing = outcome.error.code === 'not_found' || outcome.error.code === 'forbidden';
    throw new ProtocolError(missing ? RESOURCE_NOT_FOUND : ErrorCode.InvalidParams, outcome.error.message);
  }
  return {
    contents: [
      { uri: uri.href, mimeType: 'application/json', text: JSON.stringify(outcome.result, null, 2) },
    ],
  };
}

/**
 * Records people point an assistant at ("look at parley://deals/12"), one template per kind the caller's
 * role may read. Reads go through the same get_* tools, so a resource shows exactly what the tool would.
 */
export function registerResources(server: McpServer, session: McpSession, actor: Actor): void {
  const offered = new Set(toolsFor(actor).map((t) => t.name));
  for (const kind of KINDS) {
    if (!offered.has(kind.get)) continue;
    const listable = offered.has(kind.list);
    server.registerResource(
      kind.what,
      new ResourceTemplate(recordUri(kind.path, '{id}'), {
        list: listable ? async () => ({ resources: await recentRecords(session, kind) }) : undefined,
      }),
      {
        title: `Parley ${kind.what}`,
        description: `A ${kind.what} by id (${recordUri(kind.path, 12)}) with all its details, as JSON`,
        mimeType: 'application/json',
      },
      (uri, variables) => readRecord(session, kind, uri, referenceOf(variables.id)),
    );
  }
}
