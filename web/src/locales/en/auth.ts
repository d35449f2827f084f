import type { Message } from '../../lib/i18n.ts';

/** Signed-out pages: sign in, forgot and reset password, accepting an invitation. */
export const auth = {
  'signIn.tagline': 'Sign in to your CRM',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.forgot': 'Forgot password?',
  'demoHint.title': 'Demo sign-ins',
  'demoHint.passwordBefore': 'Password',
  'demoHint.passwordAfter': 'for each:',

  'forgot.title': 'Forgot your password?',
  'forgot.back': 'Back to sign in',
  'forgot.noEmailBefore':
    'This server does not send email. Ask an owner of your organization, or whoever runs Parley, to reset your password (they can run',
  'forgot.noEmailAfter': ').',
  'forgot.checkEmail': 'Check your email',
  'forgot.intro': 'Enter the email you sign in with; we will send a link to choose a new password.',
  'forgot.submit': 'Send reset link',

  'reset.mismatch': 'The two passwords do not match.',
  'reset.doneTitle': 'Password changed',
  'reset.doneText':
    'Your new password is set. You were signed out everywhere else, including Telegram, and your API tokens were revoked.',
  'reset.title': 'Choose a new password',
  'reset.intro': 'At least 8 characters. This link works once.',
  'reset.newPassword': 'New password',
  'reset.repeat': 'Repeat new password',
  'reset.submit': 'Set new password',
  'reset.incomplete': 'This link is incomplete. Open the whole link from the email, or ask for a new one.',
  'reset.askAgain': 'Ask for a new link',

  'invite.title': 'Join on Parley',
  'invite.intro': 'Choose your name and a password of at least 8 characters.',
  'invite.name': 'Your name',
  'invite.password': 'Password',
  'invite.submit': 'Accept invitation',
} satisfies Record<string, Message>;
