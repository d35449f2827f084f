import type { Message } from '../../lib/i18n.ts';

/** The profile page: who is signed in, their password, and how Parley reaches them. */
export const profile = {
  'profile.emailNotifications.title': 'Notifications',
  'profile.emailNotifications.label': 'Email me my notifications',
  'profile.emailNotifications.description':
    'A record assigned to you, or an issue a customer raised: you hear of it by email as well.',
  'profile.emailNotifications.unavailable':
    'This server does not send email (no SMTP is set up), so notifications cannot come by email.',
  'profile.emailNotifications.on': 'Notifications will come by email too.',
  'profile.emailNotifications.off': 'Notifications will no longer come by email.',
} satisfies Record<string, Message>;
