/** Shapes of what /api/v1 returns, as the server sends them (money in minor units, times as ISO text). */

export type Role = 'owner' | 'employee' | 'customer';
export type Priority = 'low' | 'medium' | 'high' | 'urgent';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: number;
  email: string;
  name: string;
}

export interface Membership {
  organizationId: number;
  slug: string;
  name: string;
  role: Role;
}

export interface Me {
  user: User;
  memberships: Membership[];
  organization: { id: number; slug: string; name: string } | null;
  role: Role | null;
}

interface Stamped {
  id: number;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Customer extends Stamped {
  kind: 'individual' | 'business';
  name: string;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  status: 'active' | 'inactive' | 'prospect' | 'churned';
  source: string | null;
  tags: string[];
  notes: string | null;
  assignedTo: number | null;
  portalUserId: number | null;
}

export interface Lead extends Stamped {
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: string | null;
  status: 'new' | 'contacted' | 'qualified' | 'unqualified' | 'converted';
  score: number;
  estimatedValue: number | null;
  currency: string;
  notes: string | null;
  assignedTo: number | null;
  convertedCustomerId: number | null;
  convertedDealId: number | null;
  convertedAt: string | null;
}

export interface StageChange {
  id: number;
  fromStageId: number | null;
  fromStageName: string | null;
  toStageId: number;
  toStageName: string;
  changedBy: number | null;
  changedAt: string;
}

export interface Deal extends Stamped {
  title: string;
  value: number;
  currency: string;
  pipelineId: number;
  stageId: number;
  stageName: string;
  probability: number;
  expectedCloseDate: string | null;
  customerId: number | null;
  customerName: string | null;
  leadId: number | null;
  assignedTo: number | null;
  priority: Priority;
  status: 'open' | 'won' | 'lost';
  closeReason: string | null;
  closedAt: string | null;
  notes: string | null;
  history?: StageChange[];
}

export interface IssueComment {
  id: number;
  issueId: number;
  authorId: number;
  authorName: string;
  body: string;
  internal: boolean;
  createdAt: string;
}

export interface Issue extends Stamped {
  number: string;
  title: string;
  description: string | null;
  priority: Priority;
  category: 'general' | 'technical' | 'billing' | 'product' | 'delivery' | 'account' | 'other';
  status: 'open' | 'in_progress' | 'resolved' | 'closed';
  customerId: number | null;
  customerName: string | null;
  raisedBy: number | null;
  assignedTo: number | null;
  resolution: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  comments?: IssueComment[];
}

export interface OrderItem {
  id?: number;
  position?: number;
  description: string;
  quantity: number;
  unitPrice: number;
  lineTotal?: number;
}

export interface Order extends Stamped {
  number: string;
  customerId: number;
  customerName: string | null;
  dealId: number | null;
  status: 'draft' | 'confirmed' | 'shipped' | 'delivered' | 'completed' | 'cancelled';
  currency: string;
  subtotal: number;
  discount: number;
  taxRateBp: number;
  tax: number;
  total: number;
  paid: number;
  outstanding: number;
  orderDate: string;
  notes: string | null;
  assignedTo: number | null;
  items?: OrderItem[];
}

export interface Payment extends Stamped {
  number: string;
  orderId: number | null;
  orderNumber: string | null;
  customerId: number | null;
  customerName: string | null;
  amount: number;
  currency: string;
  method: 'cash' | 'card' | 'bank_transfer' | 'check' | 'mobile' | 'online' | 'other';
  direction: 'incoming' | 'outgoing';
  status: 'pending' | 'completed' | 'failed' | 'refunded';
  paidAt: string | null;
  reference: string | null;
  notes: string | null;
  assignedTo: number | null;
}

export interface Activity extends Stamped {
  type: 'call' | 'email' | 'meeting' | 'note' | 'task' | 'telegram';
  subject: string;
  body: string | null;
  customerId: number | null;
  customerName: string | null;
  leadId: number | null;
  leadName: string | null;
  dealId: number | null;
  dealTitle: string | null;
  assignedTo: number | null;
  dueAt: string | null;
  doneAt: string | null;
  done: boolean;
}

export interface Stage {
  id: number;
  name: string;
  position: number;
  probability: number;
  outcome: 'open' | 'won' | 'lost';
}

export interface Pipeline {
  id: number;
  name: string;
  isDefault: boolean;
  stages: Stage[];
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: number;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

export interface Invitation {
  id: number;
  email: string;
  role: Role;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  invitedBy: number;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  inviteUrl?: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  organizationId: number;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  token?: string;
}

export interface Organization {
  id: number;
  slug: string;
  name: string;
  settings: { employeeVisibility: 'all' | 'assigned'; currency: string; timezone: string };
  createdAt: string;
  updatedAt: string;
}

export interface TelegramLinkCode {
  code: string;
  expiresAt: string;
  /** t.me link that opens the bot with the code; null while the server does not know the bot's name yet. */
  deepLink: string | null;
  command: string;
}

export interface AuditEntry {
  id: number;
  actorUserId: number | null;
  via: string;
  model: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

export interface Amount {
  currency: string;
  amount: number;
}

export type Period =
  | 'today'
  | 'yesterday'
  | 'this_week'
  | 'last_week'
  | 'this_month'
  | 'last_month'
  | 'this_quarter'
  | 'last_quarter'
  | 'this_year'
  | 'last_year';

export interface PeriodInfo {
  name: Period | null;
  timezone: string;
  from: string;
  to: string;
}

export interface PipelineStageSummary {
  pipelineId: number;
  pipelineName: string;
  stageId: number;
  stageName: string;
  probability: number;
  currency: string;
  count: number;
  value: number;
  weightedValue: number;
}

export interface Summary {
  period: PeriodInfo;
  scope: string;
  leads: { new: number; converted: number; convertedOfNew: number; conversionRate: number };
  deals: { won: { count: number; value: Amount[] }; lost: { count: number; value: Amount[] } };
  pipeline: {
    stages: PipelineStageSummary[];
    totals: { currency: string; count: number; value: number; weightedValue: number }[];
  };
  revenue: { currency: string; incoming: number; refunds: number; net: number }[];
  issues: { open: { total: number; byPriority: Record<Priority, number> } };
  activities: { userId: number; name: string; created: number; done: number }[];
}

export interface TimeseriesPoint {
  key: string;
  from: string;
  to: string;
  newLeads: number;
  dealsWon: number;
  wonValue: Amount[];
  revenue: Amount[];
}

export interface Timeseries {
  period: PeriodInfo;
  bucket: 'day' | 'week' | 'month';
  points: TimeseriesPoint[];
}

export interface LeadConversion {
  lead: Lead;
  customer: Customer;
  deal: Deal | null;
}

export type ActionStatus = 'done' | 'needs_confirmation' | 'denied' | 'failed';

export interface AssistantAction {
  tool: string;
  input: unknown;
  status: ActionStatus;
  result?: unknown;
  error?: string;
}

export interface AssistantTurn {
  conversationId: number;
  reply: string;
  actions: AssistantAction[];
  confirmation?: { id: string; summary: string[]; expiresAt: string };
}

export interface ConversationMessage {
  role: 'user' | 'assistant';
  content: string;
  at: string;
}
