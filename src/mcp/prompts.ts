import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  GetPromptRequestSchema,
  type GetPromptResult,
  ListPromptsRequestSchema,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
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

/** A prompt argument; `names` says which kind of record it names, so completion can offer them. */
export interface PromptArgument {
  name: string;
  description: string;
  required?: boolean;
  names?: 'customer';
}

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  arguments: PromptArgument[];
  /** Whether the caller's role gets this prompt, judged by the tools it relies on. */
  offered(has: (...tools: ToolName[]) => boolean, actor: Actor): boolean;
  render(session: McpSession, args: Record<string, string>): Promise<GetPromptResult>;
}

const pipelineReview: PromptDefinition = {
  name: 'weekly_pipeline_review',
  title: 'Weekly pipeline review',
  description:
    'Review the sales pipeline: figures for the week, open deals, what should close, overdue follow-ups',
  arguments: [
    {
      name: 'assignee',
      description: 'Whose deals: "me", a colleague\'s name or email; leave empty for everyone',
    },
  ],
  offered: (has) => has('list_deals', 'get_stats'),
  async render(session, { assignee }) {
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
      { heading: 'Overdue follow-ups', tool: 'list_activities', input: { overdue: true, limit: 50, ...who } },
    ]);
    const text =
      `Review my sales pipeline for the week of ${today(session)}. Summarise how the week went, which ` +
      'deals are stuck or have no next step, what puts this month at risk, and end with three to five ' +
      `concrete actions, naming the deals. Use Parley's tools (get_deal, list_activities) for detail. ${NO_CHANGES}` +
      `\n\n${data}`;
    return message(text, this.description);
  },
};

const customerBriefing: PromptDefinition = {
  name: 'customer_briefing',
  title: 'Customer briefing',
  description: 'Everything about one customer before a call or meeting: details, deals, issues, orders',
  arguments: [
    {
      name: 'customer',
      description: 'The customer: a name, an id or "#id"',
      required: true,
      names: 'customer',
    },
  ],
  offered: (has) => has('get_customer', 'list_deals'),
  async render(session, { customer }) {
    const given = customer!.trim();
    const reference = /^\d+$/.test(given) ? Number(given) : given;
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
    return message(text, this.description);
  },
};

const issueTriage: PromptDefinition = {
  name: 'issue_triage',
  title: 'Triage open issues',
  description: 'Go through open support issues and propose priority, category and an owner for each',
  arguments: [],
  offered: (has) => has('list_issues', 'update_issue'),
  async render(session) {
    const data = await gather(session, [
      { heading: 'Open issues', tool: 'list_issues', input: { status: 'open', limit: 50 } },
      { heading: 'Issues in progress', tool: 'list_issues', input: { status: 'in_progress', limit: 50 } },
    ]);
    const text =
      `Triage our support queue as of ${today(session)}. For each open issue propose a priority, a category ` +
      'and who should own it, and list the ones that need attention today first. Ask me before updating ' +
      `any issue; then use update_issue. ${NO_CHANGES}\n\n${data}`;
    return message(text, this.description);
  },
};

const accountOverview: PromptDefinition = {
  name: 'account_overview',
  title: 'My account',
  description: 'Your orders, payments and support issues at a glance',
  arguments: [],
  offered: (has, actor) => actor.role === 'customer' && has('list_orders', 'list_payments', 'list_issues'),
  async render(session) {
    const data = await gather(session, [
      { heading: 'My orders', tool: 'list_orders', input: { limit: 50 } },
      { heading: 'My payments', tool: 'list_payments', input: { limit: 50 } },
      { heading: 'My issues', tool: 'list_issues', input: { limit: 50 } },
    ]);
    const text =
      `Give me an overview of my account as of ${today(session)}: what I have ordered, what is paid and what ` +
      `is still owed, and where each of my support issues stands. ${NO_CHANGES}\n\n${data}`;
    return message(text, this.description);
  },
};

const PROMPTS = [pipelineReview, customerBriefing, issueTriage, accountOverview];

/** The prompts that make sense for the caller's role, judged by the tools each prompt relies on. */
export function offeredPrompts(actor: Actor): PromptDefinition[] {
  const offered = new Set(toolsFor(actor).map((t) => t.name));
  const has = (...tools: ToolName[]) => tools.every((t) => offered.has(t));
  return PROMPTS.filter((prompt) => prompt.offered(has, actor));
}

/** A prompt by name among those offered; any other name is an unknown prompt (JSON-RPC invalid params). */
export function promptNamed(prompts: PromptDefinition[], name: string): PromptDefinition {
  const prompt = prompts.find((p) => p.name === name);
  if (!prompt) throw new ProtocolError(ErrorCode.InvalidParams, `There is no prompt called ${name}`);
  return prompt;
}

function listingOf(prompt: PromptDefinition): Prompt {
  return {
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: prompt.arguments.map((a) => ({
      name: a.name,
      description: a.description,
      required: a.required === true,
    })),
  };
}

export function registerPrompts(mcp: McpServer, session: McpSession, actor: Actor): void {
  const prompts = offeredPrompts(actor);
  mcp.server.registerCapabilities({ prompts: {} });
  mcp.server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: prompts.map(listingOf) }));
  mcp.server.setRequestHandler(GetPromptRequestSchema, (request) => {
    const prompt = promptNamed(prompts, request.params.name);
    const given = request.params.arguments ?? {};
    const missing = prompt.arguments.filter((a) => a.required && !given[a.name]?.trim());
    if (missing.length > 0) {
      const names = missing.map((a) => a.name).join(', ');
      throw new ProtocolError(ErrorCode.InvalidParams, `${prompt.name} needs: ${names}`);
    }
    return prompt.render(session, given);
  });
}
