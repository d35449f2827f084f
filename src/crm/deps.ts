import type { Db } from '../db/index.ts';
import type { Clock } from '../domain/time.ts';

/** What every service needs from the outside world. Tests pass a fixed clock. */
export interface CrmDeps {
  db: Db;
  clock: Clock;
}
