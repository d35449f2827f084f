import type { ClaimedEmail, Emails } from '../crm/emails.ts';
import type { Clock } from '../domain/time.ts';
import { messageFor } from './messages.ts';

/**
 * Sends what the services wrote to the email outbox (src/crm/emails.ts), at least once: an email is claimed
 * under a lease, handed to the SMTP server, and marked sent only once the server accepted it; otherwise it is
 * tried again after a pause. A process that dies mid-send leaves its lease to run out and the email goes again.
 */

const BATCH = 50;
/** Longer than a batch of emails takes to hand over, even to a slow server. */
export const MAIL_LEASE_MS = 120_000;

/** What sending needs of a mail transport: nodemailer's sendMail, or a stand-in. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export interface MailLog {
  warn(message: string, data: Record<string, unknown>): void;
}

export function createMailSender(opts: {
  emails: Emails;
  transport: MailTransport;
  from: string;
  clock: Clock;
  /** The web app's address, for links to records in notification emails. */
  baseUrl?: string;
  log?: MailLog;
}) {
  const { emails, transport, from, clock } = opts;

  async function send(email: ClaimedEmail): Promise<void> {
    const message = messageFor(email, clock(), opts.baseUrl);
    await transport.sendMail({ from, to: email.to, ...message });
  }

  return {
    /** Sends the emails due now; returns how many went out. */
    async runOnce(): Promise<number> {
      let sent = 0;
      for (const email of await emails.claim(BATCH, MAIL_LEASE_MS)) {
        try {
          await send(email);
          await emails.delivered(email);
          sent += 1;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          // The address and the reason; never the message, whose link is a secret.
          opts.log?.warn('email not sent; it will be tried again', {
            id: email.id,
            kind: email.kind,
            reason,
          });
          await emails.failed(email, reason);
        }
      }
      await emails.pruneDelivered();
      return sent;
    },
  };
}

export type MailSender = ReturnType<typeof createMailSender>;
