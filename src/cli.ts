import { Command, InvalidArgumentError } from 'commander';
import { GrammyError, HttpError } from 'grammy';
import { type Config, ConfigError, loadConfig, loadDotEnv, publicBaseUrl } from './config.ts';
import { type Crm, createCrm } from './crm/index.ts';
import { type Db, openDatabase } from './db/index.ts';
import { type Actor, ROLES, type Role } from './domain/actor.ts';
import { DomainError } from './domain/errors.ts';
import { systemClock } from './domain/time.ts';
import { DEMO_ORG, DEMO_PASSWORD, isEmpty, seedDemo } from './seed/demo.ts';
import { describeDatabase, startServer, startWorker } from './server.ts';
import { createServices } from './services.ts';

function positiveInt(value: string): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

/** Opens the database, brings it up to date unless told not to, and closes it when `fn` is done. */
async function withDatabase<T>(
  fn: (opened: { db: Db; crm: Crm; config: Config }) => Promise<T>,
  opts: { migrate: boolean } = { migrate: true },
): Promise<T> {
  const config = loadConfig();
  const db = openDatabase(config.database);
  const crm = createCrm({ db, clock: systemClock });
  try {
    if (opts.migrate) await crm.database.migrate();
    return await fn({ db, crm, config });
  } finally {
    await db.destroy();
  }
}

/** The user with an email, acting from the command line in an organization (default: their first). */
async function cliActor(crm: Crm, email: string, org: string | undefined): Promise<Actor> {
  return crm.account.actorFor(await crm.account.userIdByEmail(email), 'cli', { slug: org });
}

const program = new Command('parley').description('Parley: the CRM you can talk to').showHelpAfterError();

/** Stops on SIGINT or SIGTERM, after the work in hand is finished, and exits. */
function stopOnSignal(running: { stop(): Promise<void> }): void {
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

program
  .command('serve')
  .description('run the HTTP server (API, web app, Telegram webhook) and, unless --no-worker, the bot worker')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', positiveInt)
  .option('--no-worker', 'serve HTTP and store webhook updates only; `parley worker` processes answer them')
  .action(async (opts: { port?: number; worker: boolean }) => {
    const config = loadConfig(
      opts.port === undefined ? process.env : { ...process.env, PORT: String(opts.port) },
    );
    stopOnSignal(await startServer(config, console.log, { worker: opts.worker }));
  });

program
  .command('worker')
  .description(
    'run the Telegram bot worker without HTTP: answers stored updates, notifies, polls without a webhook',
  )
  .action(async () => {
    stopOnSignal(await startWorker(loadConfig()));
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    await withDatabase(
      async ({ crm, config }) => {
        const { applied } = await crm.database.migrate();
        console.log(
          applied.length
            ? `Applied ${applied.join(', ')} to ${describeDatabase(config)}`
            : 'Database is up to date.',
        );
      },
      { migrate: false },
    );
  });

program
  .command('seed')
  .description('load the demo organization, and optionally large synthetic data for load tests')
  .option('--org <slug>', 'organization for synthetic data', DEMO_ORG.slug)
  .option('--customers <n>', 'synthetic customers to add', positiveInt, 0)
  .option('--leads <n>', 'synthetic leads to add', positiveInt, 0)
  .option('--deals <n>', 'synthetic deals to add', positiveInt, 0)
  .option('--employees <n>', 'synthetic employees to spread records over', positiveInt, 20)
  .option('--quiet', 'no progress bar')
  .action(
    async (opts: {
      org: string;
      customers: number;
      leads: number;
      deals: number;
      employees: number;
      quiet?: boolean;
    }) => {
      await withDatabase(async ({ db }) => {
        if (await isEmpty(db)) {
          const demo = await seedDemo(db, systemClock);
          console.log(`Demo organization "${DEMO_ORG.slug}" created. Logins (password ${DEMO_PASSWORD}):`);
          for (const l of demo.logins) console.log(`  ${l.email} (${l.role})`);
        }
        if (opts.customers || opts.leads || opts.deals) {
          const { seedBulk } = await import('./seed/bulk.ts');
          const counts = await seedBulk(db, { ...opts, progress: !opts.quiet });
          console.log(
            `Added ${counts.customers} customers, ${counts.leads} leads and ${counts.deals} deals to ${opts.org}.`,
          );
        }
      });
    },
  );

const user = program.command('user').description('manage users');
user
  .command('create')
  .description('create a user and make them a member of an organization (created when missing)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--password <password>', 'at least 8 characters')
  .requiredOption('--org <slug>')
  .option('--org-name <name>', 'name for a new organization')
  .option('--role <role>', `${ROLES.join(' | ')}`, role, 'owner')
  .action(
    async (opts: {
      email: string;
      name: string;
      password: string;
      org: string;
      orgName?: string;
      role: Role;
    }) => {
      if (opts.password.length < 8)
        throw new DomainError('validation_failed', 'password must have at least 8 characters');
      await withDatabase(async ({ crm }) => {
        await crm.bootstrap.addUser(opts);
        console.log(`Created ${opts.email} as ${opts.role} of ${opts.org}.`);
      });
    },
  );

user
  .command('reset-password')
  .description(
    'print a one-time link (24 hours) for the user to choose a new password, or set it with --password; either way the user is signed out everywhere',
  )
  .requiredOption('--email <email>')
  .option('--password <password>', 'set this password now instead (at least 8 characters)')
  .action(async (opts: { email: string; password?: string }) => {
    await withDatabase(async ({ crm, config }) => {
      const userId = await crm.account.userIdByEmail(opts.email);
      if (opts.password !== undefined) {
        await crm.passwordResets.setPassword(userId, opts.password);
        console.log(
          `Set a new password for ${opts.email}; their sessions, Telegram chats and API tokens ended.`,
        );
        return;
      }
      const { link, expiresAt } = await crm.passwordResets.linkFor(userId, publicBaseUrl(config));
      console.log(`Send this link to ${opts.email}; it works once, until ${expiresAt}:`);
      console.log(link);
    });
  });

const token = program.command('token').description('manage personal API tokens');
token
  .command('create')
  .description('create a personal API token (for scripts and MCP clients); printed once')
  .requiredOption('--user <email>')
  .option('--org <slug>', 'organization the token acts in (default: the first membership)')
  .option('--name <name>', 'label shown in token lists', 'cli')
  .option('--expires-in-days <n>', 'expiry (default: never)', positiveInt)
  .action(async (opts: { user: string; org?: string; name: string; expiresInDays?: number }) => {
    await withDatabase(async ({ crm }) => {
      const actor = await cliActor(crm, opts.user, opts.org);
      const created = await crm.apiTokens.issue(actor, {
        name: opts.name,
        expiresInDays: opts.expiresInDays,
      });
      console.log(created.token);
    });
  });

program
  .command('mcp')
  .description(
    'serve the CRM tools over MCP on stdin/stdout, for desktop AI clients (Claude Desktop, Cursor)',
  )
  .option('--token <token>', 'personal API token to act as (or set PARLEY_TOKEN)')
  .action(async (opts: { token?: string }) => {
    const secret = opts.token ?? process.env.PARLEY_TOKEN;
    if (!secret)
      throw new DomainError('unauthenticated', 'give a personal API token: --token or PARLEY_TOKEN');
    const { serveStdio } = await import('./mcp/stdio.ts');
    // stdout carries the protocol, so everything else, including faults, goes to stderr.
    await withDatabase(({ crm }) =>
      serveStdio({
        crm,
        clock: systemClock,
        token: secret,
        onFault: (error, during) => console.error(`parley mcp: ${during} failed:`, error),
      }),
    );
  });

program
  .command('ask')
  .description(
    'ask the assistant as a user; prints the answer as JSON (the same as POST /api/v1/assistant/messages)',
  )
  .requiredOption('--user <email>')
  .option('--org <slug>', 'organization to act in (default: the first membership)')
  .option('--yes', 'approve the writes the answer proposes and print their outcome')
  .argument('<text...>', 'what to ask, e.g. "Show my deals"')
  .action(async (words: string[], opts: { user: string; org?: string; yes?: boolean }) => {
    await withDatabase(async ({ db, crm, config }) => {
      const actor = await cliActor(crm, opts.user, opts.org);
      const { assistant } = createServices({ config, db, clock: systemClock });
      let turn = await assistant.send(actor, { text: words.join(' '), channel: 'cli' });
      if (opts.yes && turn.confirmation) turn = await assistant.confirm(actor, turn.confirmation.id, true);
      console.log(JSON.stringify(turn, null, 2));
    });
  });

const telegram = program
  .command('telegram')
  .description('connect the Telegram bot (uses TELEGRAM_BOT_TOKEN)');
const print = (lines: string[]) => console.log(lines.join('\n'));
// Commands that few runs need load their code on use, so `serve` does not start slower for them.
const admin = () => import('./telegram/admin.ts');
telegram
  .command('set-webhook')
  .description('point Telegram at PUBLIC_URL/telegram/webhook, with the secret token')
  .option('--url <url>', 'the public HTTPS address (default: PUBLIC_URL)')
  .option('--drop-pending-updates', 'forget the updates Telegram is holding')
  .action(async (opts: { url?: string; dropPendingUpdates?: boolean }) =>
    print(await (await admin()).setWebhook(loadConfig(), opts)),
  );
telegram
  .command('webhook-info')
  .description('where Telegram delivers updates, how many wait, and the last delivery error')
  .action(async () => print(await (await admin()).webhookInfo(loadConfig())));
telegram
  .command('delete-webhook')
  .description('stop webhook delivery (the server then long-polls)')
  .option('--drop-pending-updates', 'forget the updates Telegram is holding')
  .action(async (opts: { dropPendingUpdates?: boolean }) =>
    print(await (await admin()).deleteWebhook(loadConfig(), opts)),
  );
telegram
  .command('me')
  .description("the bot's name, id and link, as Telegram knows it")
  .action(async () => print(await (await admin()).botIdentity(loadConfig())));

try {
  loadDotEnv();
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DomainError) {
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof GrammyError) {
    console.error(`Telegram refused: ${error.description}`);
    process.exit(1);
  }
  if (error instanceof HttpError) {
    console.error(`Telegram could not be reached: ${(error.error as Error).message ?? error.message}`);
    process.exit(1);
  }
  throw error;
}
