import type { Message } from '../../lib/i18n.ts';

/** The customer's portal home. */
export const portal = {
  'portal.leftToPay': 'Left to pay',
  'portal.nothing': 'Nothing',
  'portal.welcome': 'Welcome, {name}',
  'portal.raiseIssue': 'Raise an issue',
  'portal.notLinked': 'Your account is not linked yet',
  'portal.notLinkedText': 'Ask the company you work with to link your sign-in to your customer record.',
} satisfies Record<string, Message>;
