import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import { isoNow } from '../domain/time.ts';
import type { ToolName } from '../tools/index.ts';
import { toolsFor } from '../tools/index.ts';
import { callToolOrFail, type McpSession, ProtocolError } from './calls.ts';

/**
 * Prompts are ready-made requests a person picks in their AI client. Each one fetches the data it is about
 * through the catalogue (so it shows only what the caller may see) and hands it to the model with the task,
 * so the first answer needs no tool round trips; the model can still call tools to dig deeper.
 */

interface Section {
  heading: string;
  tool: ToolName;
  input: Record<string, unknown>;
}

const NO_CHANGES = 'Do not change any record unless I ask you to.';

/** Each section as a heading and its data; a section the caller may not see says so instead of failing. */
async function gather(session: McpSession, sections: Section[]): Promise<string> {
  const parts: string[] = [];
  for (const section of sections) {
    const outcome = await callToolOrFail(session, section.tool, section.input);
    const body = outcome.ok
      ? `\`\`\`json\n${JSON.stringify(outcome.result, null, 2)}\n\`\`\``
      : `(not available: ${outcome.error.message})`;
    parts.push(`## ${section.heading}\n${body}`);
  }
  return parts.join('\n\n');
}

function message(text: string, description: string): GetPromptResult {
  return { description, messages: [{ role: 'user', content: { type: 'text', text } }] };
}

const today = (session: McpSession) => isoNow(session.clock).slice(0, 10);

function assigneeFilter(assignee: string | undefined): Record<string, unknown> {
  const who = assignee?.trim();
  return who ? { assignedTo: who } : {};
}

function registerPipelineReview(server: McpServer, session: McpSession): void {
  const description =
    'Review the sales pipeline: figures for the week, open deals, what should close, overdue follow-ups';
  server.registerPrompt(
    'weekly_pipeline_review',
    {
      title: 'Weekly pipeline review',
      description,
      argsSchema: {
        assignee: z
          .string()
          .optional()
          .describe('Whose deals: "me", a colleague\'s name or email; leave empty for everyone'),
      },
    },
    async ({ assignee }) => {
      const who = assigneeFilter(assignee);
      const data = await gather(session, [
        { heading: 'Figures for this week', tool: 'get_stats', input: { period: 'this_week' } },
        {
          heading: 'Open deals, largest first',
          tool: 'list_deals',
          input: { status: 'open', sort: 'value_desc', limit: 50, ...who },
        },
        {
          heading: 'Open deals expected to close this month',
          tool: 'list_deals',
          input: { status: 'open', closingIn: 'this_month', limit: 50, ...who },
        },
        {
          heading: 'Overdue follow-ups',
          tool: 'list_activities',
          input: { overdue: true, limit: 50, ...who },
        },
      ]);
      const text =
        `Review my sales pipeline for the week of ${today(session)}. Summarise how the week went, which ` +
        'deals are stuck or have no next step, what puts this month at risk, and end with three to five ' +
        `concrete actions, naming the deals. Use Parley's tools (get_deal, list_activities) for detail. ${NO_CHANGES}` +
        `\n\n${data}`;
      return message(text, description);
    },
  );
}

function registerCustomerBriefing(server: McpServer, session: McpSession): void {
  const description =
    'Everything about one customer before a call or meeting: details, deals, issues, orders';
  const customerNames = async (typed: string): Promise<string[]> => {
    const query = typed.trim();
    const outcome = await callToolOrFail(session, 'list_customers', { ...(query && { query }), limit: 10 });
    if (!outcome.ok) return [];
    return (outcome.result as { items: { name: string }[] }).items.map((c) => c.name);
  };
  server.registerPrompt(
    'customer_briefing',
    {
      title: 'Customer briefing',
      description,
      argsSchema: {
        customer: completable(
          z.string().trim().min(1).describe('The customer: a name, an id or "#id"'),
          customerNames,
        ),
      },
    },
    async ({ customer }) => {
      const reference = /^\d+$/.test(customer) ? Number(customer) : customer;
      const found = await callToolOrFail(session, 'get_customer', { customer: reference });
      if (!found.ok) throw new ProtocolError(ErrorCode.InvalidParams, found.error.message);
      const record = found.result as { id: number; name: string };
      const about = { customer: record.id };
      const data = await gather(session, [
        { heading: 'Deals', tool: 'list_deals', input: { ...about, limit: 50 } },
        { heading: 'Issues', tool: 'list_issues', input: { ...about, limit: 50 } },
        { heading: 'Orders', tool: 'list_orders', input: { ...about, limit: 50 } },
        { heading: 'Activities', tool: 'list_activities', input: { ...about, limit: 50 } },
      ]);
      const text =
        `Brief me on ${record.name} (customer #${record.id}) for a conversation today, ${today(session)}. ` +
        'Who they are, where each deal stands, open issues and anything unpaid, the last contact, and what I ' +
        `should raise or avoid. ${NO_CHANGES}\n\n## Customer\n\`\`\`json\n${JSON.stringify(record, null, 2)}\n\`\`\`` +
        `\n\n${data}`;
      return message(text, description);
    },
  );
}

function registerIssueTriage(server: McpServer, session: McpSession): void {
  const description = 'Go through open support issues and propose priority, category and an owner for each';
  server.registerPrompt('issue_triage', { title: 'Triage open issues', description }, async () => {
    const data = await gather(session, [
      { heading: 'Open issues', tool: 'list_issues', input: { status: 'open', limit: 50 } },
      { heading: 'Issues in progress', tool: 'list_issues', input: { status: 'in_progress', limit: 50 } },
    ]);
    const text =
      `Triage our support queue as of ${today(session)}. For each open issue propose a priority, a category ` +
      'and who should own it, and list the ones that need attention today first. Ask me before updating ' +
      `any issue; then use update_issue. ${NO_CHANGES}\n\n${data}`;
    return message(text, description);
  });
}

function registerAccountOverview(server: McpServer, session: McpSession): void {
  const description = 'Your orders, payments and support issues at a glance';
  server.registerPrompt('account_overview', { title: 'My account', description }, async () => {
    const data = await gather(session, [
      { heading: 'My orders', tool: 'list_orders', input: { limit: 50 } },
      { heading: 'My payments', tool: 'list_payments', input: { limit: 50 } },
      { heading: 'My issues', tool: 'list_issues', input: { limit: 50 } },
    ]);
    const text =
      `Give me an overview of my account as of ${today(session)}: what I have ordered, what is paid and what ` +
      `is still owed, and where each of my support issues stands. ${NO_CHANGES}\n\n${data}`;
    return message(text, description);
  });
}

/** The prompts that make sense for the caller's role, judged by the tools each prompt relies on. */
export function registerPrompts(server: McpServer, session: McpSession, actor: Actor): void {
  const offered = new Set(toolsFor(actor).map((t) => t.name));
  const has = (...tools: ToolName[]) => tools.every((t) => offered.has(t));
  if (has('list_deals', 'get_stats')) registerPipelineReview(server, session);
  if (has('get_customer', 'list_deals')) registerCustomerBriefing(server, session);
  if (has('list_issues', 'update_issue')) registerIssueTriage(server, session);
  if (actor.role === 'customer' && has('list_orders', 'list_payments', 'list_issues')) {
    registerAccountOverview(server, session);
  }
}
