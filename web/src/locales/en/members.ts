import type { Message } from '../../lib/i18n.ts';

/** Settings: members, their roles, invitations. */
export const members = {
  'members.roleOf': 'Role of {name}',
  'members.roleChanged': '{name} is now {role}',
  'members.reset': 'Reset password',
  'members.resetTitle': 'Email {name} a reset link?',
  'members.resetQuestion':
    '{email} gets a link to choose a new password, valid 24 hours. You never see it or the password.',
  'members.resetConfirm': 'Send reset link',
  'members.resetSent': 'Reset link sent to {email}',
  'members.remove': 'Remove',
  'members.removeTitle': 'Remove {name}?',
  'members.removeQuestion': 'They lose access to this organization at once. Their records stay.',
  'members.removeConfirm': 'Remove member',
  'members.removed': '{name} removed',
  'members.email': 'Email',
  'members.role': 'Role',
  'members.invite': 'Invite',
  'members.invited': 'Invited',
  'members.status': 'Status',
  'members.expires': 'Expires',
  'members.revoked': 'Invitation revoked',
  'members.revoke': 'Revoke',
  'members.inviteTitle': 'Invite someone',
  'members.invitationFor': 'Invitation for {email}',
  'members.inviteEmailed':
    'We emailed them a link of their own, the one that creates a new account. This copy works for someone who already has an account; it expires on {date}.',
  'members.inviteLink': 'Send them this link; it works once and expires on {date}.',
  'members.title': 'Members',
  'members.name': 'Name',
  'members.joined': 'Joined',
  'members.loadMore': 'Load more',
} satisfies Record<string, Message>;
