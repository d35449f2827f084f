import type { Message } from '../../lib/i18n.ts';

/** The settings page: its tabs, profile, organization and Telegram. */
export const settings = {
  'settings.title': 'Settings',
  'settings.tab.profile': 'Profile',
  'settings.tab.tokens': 'API tokens',
  'settings.tab.telegram': 'Telegram',
  'settings.tab.members': 'Members',
  'settings.tab.organization': 'Organization',
  'settings.tab.pipelines': 'Pipelines',
  'settings.tab.audit': 'Audit log',

  'profile.passwordMismatch': 'The new passwords do not match.',
  'profile.passwordChangedKept':
    'Password changed. Other sessions and Telegram were signed out; your API tokens still work.',
  'profile.passwordChanged':
    'Password changed. Other sessions, Telegram and your API tokens were signed out.',
  'profile.changePassword': 'Change password',
  'profile.currentPassword': 'Current password',
  'profile.newPassword': 'New password',
  'profile.newPasswordHint': 'At least 8 characters',
  'profile.repeat': 'Repeat new password',
  'profile.keepTokens': 'Keep my API tokens working',
  'profile.keepTokensHint':
    'Leave this off if someone else may have learnt your password: their tokens stop too.',
  'profile.membership': '{organization} ({role})',

  'organization.saved': 'Organization settings saved',
  'organization.title': 'Organization',
  'organization.name': 'Name',
  'organization.visibility': 'What employees see',
  'organization.visibility.all':
    'Every record of the organization (they still change only what is assigned to them)',
  'organization.visibility.assigned': 'Only records assigned to them',
  'organization.currency': 'Currency',
  'organization.currencyHint': 'Three letters, e.g. USD or EUR',
  'organization.timezone': 'Time zone',
  'organization.timezoneHint': 'e.g. Europe/Berlin; periods on the dashboard follow it',
  'organization.save': 'Save',

  'telegram.qrAlt': 'QR code that opens the bot with your link code',
  'telegram.scanBefore': 'Scan the code with your phone, or',
  'telegram.openBot': 'open the bot in Telegram',
  'telegram.scanAfter': ', and press Start.',
  'telegram.sendThis': 'Or send this to the bot:',
  'telegram.validUntil': 'The code works once, until {time}.',
  'telegram.title': 'Connect Telegram',
  'telegram.intro':
    'Talk to Parley from Telegram: ask about your records and make changes, with the same permissions as here.',
  'telegram.newCode': 'Get a new code',
  'telegram.getCode': 'Get a link code',
  'telegram.noCode': 'No link code',
  'telegram.disconnect': 'To disconnect a chat, send /logout to the bot.',
} satisfies Record<string, Message>;
