import type { Message } from '../../lib/i18n.ts';

/** Settings: personal API tokens. */
export const tokens = {
  'tokens.copyNow': 'Copy your token now',
  'tokens.shownOnce': 'It will not be shown again. Use it as',
  'tokens.forApi': 'for the API and for MCP clients (',
  'tokens.or': 'or the',
  'tokens.endpoint': 'endpoint).',
  'tokens.name': 'Token name',
  'tokens.namePlaceholder': 'Claude Desktop',
  'tokens.expiresInDays': 'Expires in days',
  'tokens.never': 'Never',
  'tokens.password': 'Your password',
  'tokens.passwordHint': 'A token can outlive this session',
  'tokens.create': 'Create token',
  'tokens.revokedNotice': 'Token revoked',
  'tokens.title': 'Personal API tokens',
  'tokens.intro':
    'For scripts and AI clients over MCP. A token acts as you, in this organization, with your permissions.',
  'tokens.col.name': 'Name',
  'tokens.col.prefix': 'Starts with',
  'tokens.col.created': 'Created',
  'tokens.col.lastUsed': 'Last used',
  'tokens.col.expires': 'Expires',
  'tokens.revoked': 'Revoked',
  'tokens.revoke': 'Revoke',
  'tokens.revokeTitle': 'Revoke this token?',
  'tokens.revokeQuestion': 'Anything using "{name}" stops working at once.',
  'tokens.revokeConfirm': 'Revoke token',
  'tokens.none': 'No tokens yet.',
} satisfies Record<string, Message>;
