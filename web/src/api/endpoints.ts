import { del, get, patch, post, type Query, send } from './client.ts';
import type {
  Account,
  Activity,
  AnalyticsSummary,
  AnalyticsTimeseries,
  ApiToken,
  AssistantAction,
  AssistantTurn,
  AuditEntry,
  Colleague,
  ConversationHistory,
  Customer,
  Deal,
  DealDetail,
  ImportPreview,
  ImportResult,
  Invitation,
  Issue,
  IssueComment,
  IssueDetail,
  Lead,
  LeadConversion,
  Member,
  MessageFile,
  NewApiToken,
  Order,
  OrderDetail,
  Organization,
  Page,
  PasswordResetSent,
  Payment,
  Pipeline,
  Preferences,
  Role,
  SearchResults,
  SentInvitation,
  Session,
  SessionCheck,
  SignInOptions,
  TelegramLinkCode,
} from './types.ts';

export type Input = Record<string, unknown>;

/** The five verbs every CRM area answers to; one record (`D`) may carry more than a list row (`T`). */
export interface Resource<T, D = T> {
  path: string;
  list(query?: Query): Promise<Page<T>>;
  get(id: number): Promise<D>;
  create(input: Input): Promise<D>;
  update(id: number, input: Input): Promise<D>;
  remove(id: number): Promise<void>;
}

function resource<T, D = T>(path: string): Resource<T, D> {
  return {
    path,
    list: (query) => get<Page<T>>(path, query),
    get: (id) => get<D>(`${path}/${id}`),
    create: (input) => post<D>(path, input),
    update: (id, input) => patch<D>(`${path}/${id}`, input),
    remove: (id) => del(`${path}/${id}`),
  };
}

export const customers = resource<Customer>('/customers');
/** Many customers or leads at once, a batch of rows a request: checked first, then written. */
export const imports = {
  preview: (area: 'customers' | 'leads', body: Input) => post<ImportPreview>(`/${area}/import/preview`, body),
  commit: (area: 'customers' | 'leads', body: Input) => post<ImportResult>(`/${area}/import`, body),
};
export const deals = {
  ...resource<Deal, DealDetail>('/deals'),
  moveStage: (id: number, stage: number | string, reason?: string) =>
    post<DealDetail>(`/deals/${id}/stage`, reason ? { stage, reason } : { stage }),
};
export const leads = {
  ...resource<Lead>('/leads'),
  convert: (id: number, input: Input) => post<LeadConversion>(`/leads/${id}/convert`, input),
};
export const issues = {
  ...resource<Issue, IssueDetail>('/issues'),
  comments: (id: number, query?: Query) => get<Page<IssueComment>>(`/issues/${id}/comments`, query),
  comment: (id: number, body: string, internal = false) =>
    post<IssueComment>(`/issues/${id}/comments`, { body, internal }),
};
export const orders = resource<Order, OrderDetail>('/orders');
export const payments = resource<Payment>('/payments');
export const activities = resource<Activity>('/activities');

export const pipelines = {
  ...resource<Pipeline>('/pipelines'),
  makeDefault: (id: number) => post<Pipeline>(`/pipelines/${id}/default`),
  addStage: (id: number, input: Input) => post<Pipeline>(`/pipelines/${id}/stages`, input),
  updateStage: (id: number, stageId: number, input: Input) =>
    patch<Pipeline>(`/pipelines/${id}/stages/${stageId}`, input),
  removeStage: (id: number, stageId: number) => del(`/pipelines/${id}/stages/${stageId}`),
  reorderStages: (id: number, stageIds: number[]) =>
    post<Pipeline>(`/pipelines/${id}/stages/reorder`, { stageIds }),
};

export const analytics = {
  summary: (query: Query) => get<AnalyticsSummary>('/analytics/summary', query),
  timeseries: (query: Query) => get<AnalyticsTimeseries>('/analytics/timeseries', query),
};

export const auth = {
  me: () => get<Account>('/auth/me'),
  /** Answers 200 signed in or not, so loading the app signed out logs no failed request. */
  session: () => get<SessionCheck>('/auth/session'),
  login: (email: string, password: string) => post<Session>('/auth/login', { email, password }),
  logout: () => post<void>('/auth/logout'),
  changePassword: (input: { currentPassword: string; newPassword: string; keepApiTokens: boolean }) =>
    post<void>('/auth/password', input),
  options: () => get<SignInOptions>('/auth/options'),
  requestPasswordReset: (email: string) =>
    post<{ message: string }>('/auth/password-reset/request', { email }),
  resetPassword: (token: string, newPassword: string) =>
    post<void>('/auth/password-reset', { token, newPassword }),
  acceptInvitation: (input: { token: string; name?: string; password: string }) =>
    post<unknown>('/invitations/accept', input),
  preferences: () => get<Preferences>('/auth/preferences'),
  setPreferences: (input: { emailNotifications: boolean }) => patch<Preferences>('/auth/preferences', input),
};

export const tokens = {
  list: (query?: Query) => get<Page<ApiToken>>('/tokens', query),
  create: (input: { name: string; expiresInDays?: number; currentPassword: string }) =>
    post<NewApiToken>('/tokens', input),
  revoke: (id: number) => del(`/tokens/${id}`),
};

export const members = {
  colleagues: () => get<{ items: Colleague[] }>('/colleagues'),
  list: (query?: Query) => get<Page<Member>>('/members', query),
  changeRole: (userId: number, role: Role) => patch<Member>(`/members/${userId}`, { role }),
  remove: (userId: number) => del(`/members/${userId}`),
  sendPasswordReset: (userId: number) => post<PasswordResetSent>(`/members/${userId}/password-reset`),
};

export const invitations = {
  list: (query?: Query) => get<Page<Invitation>>('/invitations', query),
  create: (input: { email: string; role: Role }) => post<SentInvitation>('/invitations', input),
  revoke: (id: number) => del(`/invitations/${id}`),
};

export const organization = {
  get: () => get<Organization>('/organization'),
  update: (input: Input) => patch<Organization>('/organization', input),
};

export const telegram = {
  linkCode: () => post<TelegramLinkCode>('/telegram/link-code'),
};

/** Every record type at once; the server returns only what the caller may open. */
export const search = {
  records: (q: string, query: { types?: string; limit?: number } = {}) =>
    get<SearchResults>('/search', { q, ...query }),
};

export const audit = {
  list: (query?: Query) => get<Page<AuditEntry>>('/audit', query),
};

export interface StreamHandlers {
  onAction(action: AssistantAction): void;
}

/** Reads the server-sent events of one assistant turn: `action` as each tool runs, then `turn` (or `error`). */
async function streamMessage(
  input: { text: string; conversationId?: number; attachment?: MessageFile },
  handlers: StreamHandlers,
): Promise<AssistantTurn> {
  const response = await send('POST', '/assistant/messages/stream', { body: input });
  const reader = response.body?.getReader();
  if (!reader) throw new Error('The assistant reply could not be read');
  const decoder = new TextDecoder();
  let buffered = '';
  let turn: AssistantTurn | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let boundary = buffered.indexOf('\n\n');
    while (boundary >= 0) {
      const event = parseEvent(buffered.slice(0, boundary));
      buffered = buffered.slice(boundary + 2);
      boundary = buffered.indexOf('\n\n');
      if (event.name === 'action') handlers.onAction(event.data as AssistantAction);
      else if (event.name === 'turn') turn = event.data as AssistantTurn;
      else if (event.name === 'error') {
        const problem = event.data as { message?: string };
        throw new Error(problem.message ?? 'The assistant could not answer');
      }
    }
    if (done) break;
  }
  if (!turn) throw new Error('The assistant stopped before answering; please try again');
  return turn;
}

function parseEvent(block: string): { name: string; data: unknown } {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return { name, data: data.length ? JSON.parse(data.join('\n')) : null };
}

export const assistant = {
  stream: streamMessage,
  confirm: (id: string, approve: boolean) =>
    post<AssistantTurn>(`/assistant/confirmations/${id}`, { approve }),
  conversation: () => get<ConversationHistory>('/assistant/conversation'),
  clear: () => del('/assistant/conversation'),
};
