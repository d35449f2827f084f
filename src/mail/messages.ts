import type { Email } from '../crm/emails.ts';

/** A message as it goes out: plain text, which every mail client shows and no filter mistakes for a page. */
export interface Message {
  subject: string;
  text: string;
}

/** "in 30 minutes" or "on 2026-12-13 at 09:00 UTC": how long a link works, as a person reads it. */
function validity(expiresAt: string, now: Date): string {
  const minutes = Math.round((Date.parse(expiresAt) - now.getTime()) / 60_000);
  if (minutes > 0 && minutes <= 90) return `for ${minutes} minutes`;
  return `until ${expiresAt.slice(0, 10)} at ${expiresAt.slice(11, 16)} UTC`;
}

const IGNORE =
  'If you did not expect this email, you can ignore it: nothing changes until the link is opened.';

/** "deal “Renewal”", "issue ISS-12 “Printer jams”": a record as a notice names it. */
function recordName(entity: string, r: { id?: number; title?: string; name?: string; number?: string }) {
  const label = r.title ?? r.name;
  const id = r.number ?? (r.id !== undefined ? `#${r.id}` : '');
  return [entity, id, label ? `“${label}”` : ''].filter(Boolean).join(' ');
}

/** The words of each kind of email the services ask for; `baseUrl` is the web app's address, for links. */
export function messageFor(email: Email, now: Date, baseUrl = ''): Message {
  switch (email.kind) {
    case 'invitation': {
      const d = email.data;
      return {
        subject: `${d.invitedBy} invited you to ${d.organization} on Parley`,
        text: [
          `${d.invitedBy} invited you to join ${d.organization} on Parley as ${/^[aeiou]/.test(d.role) ? 'an' : 'a'} ${d.role}.`,
          '',
          `Open this link to accept; it works once, ${validity(d.expiresAt, now)}:`,
          d.link,
          '',
          IGNORE,
        ].join('\n'),
      };
    }
    case 'password_reset': {
      const d = email.data;
      return {
        subject: 'Choose a new Parley password',
        text: [
          `Hello ${d.name},`,
          '',
          d.sentBy
            ? `${d.sentBy} sent you this link to choose a new Parley password.`
            : 'Someone (we hope you) asked to choose a new Parley password for this email.',
          `Open this link to choose it; it works once, ${validity(d.expiresAt, now)}:`,
          d.link,
          '',
          'Choosing a new password signs you out everywhere, including Telegram, and ends your API tokens.',
          IGNORE,
        ].join('\n'),
      };
    }
    case 'notification': {
      const d = email.data;
      const what = recordName(d.entity, d.record);
      const line =
        d.notice === 'assigned'
          ? `${d.by ?? 'Someone'} assigned ${what} to you in ${d.organization}.`
          : `${d.by ?? 'A customer'} raised ${what} in ${d.organization}.`;
      return {
        subject: d.notice === 'assigned' ? `Assigned to you: ${what}` : `New ${what}`,
        text: [
          `Hello ${d.name},`,
          '',
          line,
          ...(d.path && baseUrl ? ['', `Open it: ${baseUrl}${d.path}`] : []),
          '',
          'You get these emails because you turned on email notifications in your Parley profile; turn them ' +
            'off there to stop them.',
        ].join('\n'),
      };
    }
  }
}
