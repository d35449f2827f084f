import type { Db } from '../db/index.ts';
import type { Clock } from '../domain/time.ts';

/** What every service needs from the outside world. Tests pass a fixed clock. */
export interface CrmDeps {
  db: Db;
  clock: Clock;
  /**
   * Set when the server can send email (SMTP_URL): invitations and password resets are then written to the
   * email outbox, with links under `baseUrl`. Absent, people get links to copy instead.
   */
  email?: EmailLinks;
}

/** Where the links in emails point: the web app's address. */
export interface EmailLinks {
  baseUrl: string;
}
