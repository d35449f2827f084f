import { migrateToLatest, migrationsCurrent, ping } from '../db/index.ts';
import type { CrmDeps } from './deps.ts';

export { isDatabaseUnavailable } from '../db/unavailable.ts';

/** The database's own state, for operators: whether it answers and its schema is current, and migrating it. */
export function databaseService({ db }: CrmDeps) {
  return {
    /** 'ready', or 'migrations_pending'; throws when the database cannot be reached. */
    async readiness(): Promise<'ready' | 'migrations_pending'> {
      await ping(db);
      return (await migrationsCurrent(db)) ? 'ready' : 'migrations_pending';
    },

    /** Brings the schema up to date; returns the migrations it applied. */
    migrate: (): Promise<{ applied: string[] }> => migrateToLatest(db),
  };
}
