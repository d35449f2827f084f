/** The closed sets of values records use. Schemas, services and the language engine all read them from here. */

export const CUSTOMER_KINDS = ['individual', 'business'] as const;
export const CUSTOMER_STATUSES = ['active', 'inactive', 'prospect', 'churned'] as const;

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
export const LEAD_SOURCES = [
  'facebook',
  'linkedin',
  'instagram',
  'twitter',
  'google',
  'website',
  'referral',
  'email',
  'cold_call',
  'event',
  'partner',
  'telegram',
  'other',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export const STAGE_OUTCOMES = DEAL_STATUSES;

export const ISSUE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export const ISSUE_CATEGORIES = [
  'general',
  'technical',
  'billing',
  'product',
  'delivery',
  'account',
  'other',
] as const;

export const ORDER_STATUSES = [
  'draft',
  'confirmed',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
] as const;

export const PAYMENT_METHODS = [
  'cash',
  'card',
  'bank_transfer',
  'check',
  'mobile',
  'online',
  'other',
] as const;
export const PAYMENT_DIRECTIONS = ['incoming', 'outgoing'] as const;
export const PAYMENT_STATUSES = ['pending', 'completed', 'failed', 'refunded'] as const;

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'task', 'telegram'] as const;

export const DEFAULT_STAGES = [
  { name: 'Lead', probability: 10, outcome: 'open' },
  { name: 'Qualified', probability: 25, outcome: 'open' },
  { name: 'Proposal', probability: 50, outcome: 'open' },
  { name: 'Negotiation', probability: 75, outcome: 'open' },
  { name: 'Closed Won', probability: 100, outcome: 'won' },
  { name: 'Closed Lost', probability: 0, outcome: 'lost' },
] as const;

const SOURCE_SYNONYMS: Record<string, LeadSource> = {
  fb: 'facebook',
  'facebook ads': 'facebook',
  meta: 'facebook',
  'linked in': 'linkedin',
  ig: 'instagram',
  insta: 'instagram',
  x: 'twitter',
  'google ads': 'google',
  adwords: 'google',
  web: 'website',
  site: 'website',
  'web site': 'website',
  'web form': 'website',
  'contact form': 'website',
  seo: 'website',
  referrals: 'referral',
  'word of mouth': 'referral',
  recommendation: 'referral',
  'e-mail': 'email',
  mail: 'email',
  newsletter: 'email',
  'cold call': 'cold_call',
  'cold calling': 'cold_call',
  'cold-call': 'cold_call',
  phone: 'cold_call',
  call: 'cold_call',
  events: 'event',
  conference: 'event',
  'trade show': 'event',
  tradeshow: 'event',
  webinar: 'event',
  meetup: 'event',
  partners: 'partner',
  reseller: 'partner',
  affiliate: 'partner',
  tg: 'telegram',
};

/** Maps what people write ("FB", "Cold calling", "trade show") to a known channel; anything else is "other". */
export function normaliseLeadSource(raw: string | null | undefined): LeadSource {
  if (!raw) return 'other';
  const key = raw.trim().toLowerCase().replace(/[_]+/g, ' ').replace(/\s+/g, ' ');
  if ((LEAD_SOURCES as readonly string[]).includes(key.replace(/ /g, '_')))
    return key.replace(/ /g, '_') as LeadSource;
  // Own keys only: "constructor" or "toString" would otherwise find Object.prototype's functions.
  return Object.hasOwn(SOURCE_SYNONYMS, key) ? (SOURCE_SYNONYMS[key] as LeadSource) : 'other';
}
