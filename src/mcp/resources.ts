import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import type { Actor } from '../domain/actor.ts';
import type { ToolName } from '../tools/index.ts';
import { toolsFor } from '../tools/index.ts';
import { callToolOrFail, type McpSession, ProtocolError, RESOURCE_NOT_FOUND } from './calls.ts';

/** How many recent records of each kind resources/list offers; older ones are read by URI or found by tools. */
const LISTED_PER_KIND = 20;

export interface RecordKind {
  /** The URI's host part: parley://deals/12 */
  path: string;
  /** The record's name in the get tool's input, e.g. get_deal({ deal }) */
  what: 'customer' | 'lead' | 'deal' | 'issue' | 'order';
  get: ToolName;
  list: ToolName;
  /** Whether the list tool narrows by a typed prefix (`query`); orders are found by number only. */
  searchable: boolean;
  /** How a person names the record, and what the get tool resolves: a name, or a document number. */
  reference(item: Record<string, unknown>): string;
  label(item: Record<string, unknown>): string;
}

const KINDS: RecordKind[] = [
  {
    path: 'customers',
    what: 'customer',
    get: 'get_customer',
    list: 'list_customers',
    searchable: true,
    reference: (c) => String(c.name),
    label: (c) => String(c.name),
  },
  {
    path: 'leads',
    what: 'lead',
    get: 'get_lead',
    list: 'list_leads',
    searchable: true,
    reference: (l) => String(l.name),
    label: (l) => String(l.name),
  },
  {
    path: 'deals',
    what: 'deal',
    get: 'get_deal',
    list: 'list_deals',
    searchable: true,
    reference: (d) => String(d.title),
    label: (d) => String(d.title),
  },
  {
    path: 'issues',
    what: 'issue',
    get: 'get_issue',
    list: 'list_issues',
    searchable: true,
    reference: (i) => String(i.number),
    label: (i) => `${i.number} ${i.title}`,
  },
  {
    path: 'orders',
    what: 'order',
    get: 'get_order',
    list: 'list_orders',
    searchable: false,
    reference: (o) => String(o.number),
    label: (o) => String(o.number),
  },
];

export const recordUri = (path: string, id: number | string) => `parley://${path}/${id}`;

/** The kinds of record the caller's role may read, each as a resource template. */
export function readableKinds(actor: Actor): RecordKind[] {
  const offered = new Set(toolsFor(actor).map((t) => t.name));
  return KINDS.filter((kind) => offered.has(kind.get));
}

/** The kind a template (parley://deals/{id}) stands for, among those offered. */
export function kindOfTemplate(kinds: RecordKind[], uriTemplate: string): RecordKind | undefined {
  return kinds.find((kind) => recordUri(kind.path, '{id}') === uriTemplate);
}

/** "12" is an id; anything else ("ORD-2026-0012", "Acme") is a reference the get tool resolves. */
function referenceOf(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** parley://deals/12 as its kind and reference; undefined for a URI that names no record the caller reads. */
function parse(
  kinds: RecordKind[],
  uri: string,
): { kind: RecordKind; reference: number | string } | undefined {
  const match = /^parley:\/\/([a-z]+)\/([^/?#]+)$/.exec(uri);
  const kind = match && kinds.find((k) => k.path === match[1]);
  if (!kind) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(match[2]!).trim();
  } catch {
    return undefined;
  }
  return text ? { kind, reference: referenceOf(text) } : undefined;
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

const notFound = (uri: string) => new ProtocolError(RESOURCE_NOT_FOUND, `Resource ${uri} not found`);

async function readRecord(
  session: McpSession,
  kinds: RecordKind[],
  uri: string,
): Promise<ReadResourceResult> {
  const target = parse(kinds, uri);
  // A kind the role may not read answers like a record that does not exist, whoever asks.
  if (!target) throw notFound(uri);
  const outcome = await callToolOrFail(session, target.kind.get, { [target.kind.what]: target.reference });
  if (!outcome.ok) {
    if (outcome.error.code === 'not_found' || outcome.error.code === 'forbidden') throw notFound(uri);
    // A name that matches several records, say: the caller can pick one and ask again.
    throw new ProtocolError(ErrorCode.InvalidParams, outcome.error.message);
  }
  return {
    contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(outcome.result, null, 2) }],
  };
}

/**
 * Records people point an assistant at ("look at parley://deals/12"), one template per kind the caller's
 * role may read. Reads go through the same get_* tools, so a resource shows exactly what the tool would.
 */
export function registerResources(mcp: McpServer, session: McpSession, actor: Actor): void {
  const kinds = readableKinds(actor);
  const templates: ResourceTemplate[] = kinds.map((kind) => ({
    uriTemplate: recordUri(kind.path, '{id}'),
    name: kind.what,
    title: `Parley ${kind.what}`,
    description: `A ${kind.what} by id (${recordUri(kind.path, 12)}) with all its details, as JSON`,
    mimeType: 'application/json',
  }));
  mcp.server.registerCapabilities({ resources: {} });
  mcp.server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: templates }));
  const offered = new Set(toolsFor(actor).map((t) => t.name));
  const listable = kinds.filter((kind) => offered.has(kind.list));
  mcp.server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await Promise.all(listable.map((kind) => recentRecords(session, kind)))).flat(),
  }));
  mcp.server.setRequestHandler(ReadResourceRequestSchema, (request) =>
    readRecord(session, kinds, request.params.uri),
  );
}
