import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server (the smtp-server package, speaking real SMTP) that keeps every message it accepts,
 * parsed with mailparser, so tests read what people would find in their inbox. It asks for the username and
 * password in the URL it gives out, and can refuse messages to test retries.
 */

export interface ReceivedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface FakeSmtpServer {
  /** smtp://user:password@127.0.0.1:port, for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** The next `n` messages are refused with a temporary failure (451). */
  refuseNext(n: number): void;
  /** Waits until a message to `to` arrives (after `since` messages) and returns it. */
  waitFor(to: string, opts?: { since?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export const SMTP_USER = 'parley';
export const SMTP_PASSWORD = 'smtp-secret-pw';

export async function startFakeSmtp(): Promise<FakeSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (refusals > 0) {
            refusals -= 1;
            const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
            callback(error);
            return;
          }
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({
            from: mail.from?.value[0]?.address ?? '',
            to: to?.value[0]?.address ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    received,
    refuseNext(n) {
      refusals = n;
    },
    async waitFor(to, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
      for (;;) {
        const found = received.slice(opts.since ?? 0).find((m) => m.to === to);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no email to ${to} arrived`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The one-time secret after `#` in the first link of an email. */
export function linkIn(mail: ReceivedMail): { url: string; token: string } {
  const url = /https?:\/\/\S+#\S+/.exec(mail.text)?.[0];
  if (!url) throw new Error(`no link in: ${mail.text}`);
  return { url, token: url.slice(url.indexOf('#') + 1) };
}
