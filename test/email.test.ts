import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { createCrm } from '../src/crm/index.ts';
import { RESETS_PER_HOUR_FROM_SOURCE } from '../src/crm/password-resets.ts';
import { type Db, openDatabase } from '../src/db/index.ts';
import { systemClock } from '../src/domain/time.ts';
import { redactUrl } from '../src/http/request-log.ts';
import { createMail, describeMail, type Mail } from '../src/mail/index.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.ts';
import { type FakeSmtpServer, linkIn, SMTP_PASSWORD, startFakeSmtp } from './fakes/smtp.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { runParley } from './support/cli.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, TEST_PASSWORD, type Tenant } from './support/tenants.ts';

const PUBLIC_URL = 'https://crm.example.test';
const MAIL_FROM = 'Parley <crm@example.test>';
const NEW_PASSWORD = 'a brand new passphrase';

let addresses = 0;
/** Each request from its own client address, so only the tests about throttling meet the limits. */
function address(): string {
  addresses += 1;
  return `10.77.${(addresses >> 8) & 255}.${addresses & 255}`;
}

function mailSettings(smtp: FakeSmtpServer) {
  return { SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL };
}

onEachDatabase('email: invitations, password reset and recovery', ({ db }) => {
  let smtp: FakeSmtpServer;
  /** A server that sends email, and one that does not (SMTP_URL unset). */
  let api: TestApp;
  let plain: TestApp;
  let mail: Mail;
  let a: Tenant;
  let b: Tenant;

  before(async () => {
    smtp = await startFakeSmtp();
    api = await startTestApp(db(), { settings: mailSettings(smtp) });
    plain = await startTestApp(db());
    const config = loadConfig({ DATABASE_URL: 'file::memory:', ...mailSettings(smtp) });
    const made = createMail({
      config,
      emails: createCrm({ db: db(), clock: systemClock }).emails,
      clock: systemClock,
    });
    assert.ok(made, 'SMTP_URL and MAIL_FROM make a mail sender');
    mail = made;
    a = await createTenant(db());
    b = await createTenant(db());
  });
  after(async () => {
    await mail.stop();
    await api.close();
    await plain.close();
    await smtp.close();
  });

  /** Sends what is due, as the server's timer does, and returns the message that reached `to`. */
  async function inbox(to: string) {
    const since = smtp.received.length;
    await mail.sender.runOnce();
    return smtp.waitFor(to, { since, timeoutMs: 5_000 });
  }

  function post(app: TestApp, url: string, body: unknown, token?: string) {
    return app.call('POST', url, {
      body,
      ...(token ? { token } : {}),
      headers: { 'x-forwarded-for': address() },
    });
  }

  async function signIn(app: TestApp, email: string, password: string) {
    return post(app, '/api/v1/auth/login', { email, password });
  }

  /** A private chat signed in as the user, as redeeming a link code leaves it. */
  async function linkChat(t: Tenant, userId: number): Promise<number> {
    const chatId = 8_800_000 + Math.floor(Math.random() * 100_000);
    const at = new Date().toISOString();
    const link = { user_id: userId, telegram_user_id: chatId, organization_id: t.orgId, linked_at: at };
    await db()
      .insertInto('telegram_chats')
      .values({ bot_id: 99, chat_id: chatId, kind: 'private', ...link, created_at: at, updated_at: at })
      .execute();
    return chatId;
  }

  test('an invitation is emailed with a link of its own; the owner still gets a link to copy', async () => {
    const email = `new.person.${addresses}@example.test`;
    const res = await post(api, '/api/v1/invitations', { email, role: 'employee' }, a.owner.token);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.emailed, true);
    assert.match(res.body.inviteUrl, /^https:\/\/crm\.example\.test\/invite#pli_/);
    const message = await inbox(email);
    assert.equal(message.from, 'crm@example.test');
    assert.match(message.subject, /owner of org\S+ invited you to Org \d+ on Parley/);
    const link = linkIn(message);
    assert.match(link.url, /^https:\/\/crm\.example\.test\/invite#pli_/);
    assert.notEqual(link.token, res.body.inviteUrl.split('#')[1], 'the inbox gets its own token');

    const joined = await post(api, '/api/v1/invitations/accept', {
      token: link.token,
      name: 'New Person',
      password: NEW_PASSWORD,
    });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.equal(joined.body.user.email, email);

    const without = await post(
      plain,
      '/api/v1/invitations',
      { email: `x${email}`, role: 'employee' },
      a.owner.token,
    );
    assert.equal(without.status, 201);
    assert.equal(without.body.emailed, false, 'without SMTP nothing is emailed');
  });

  test('pre-claiming an email is refused: only the emailed link creates an account for it', async () => {
    const victim = `victim.${addresses}@example.test`;
    // The owner of another organization invites someone else's email and tries to accept it themselves.
    const sent = await post(api, '/api/v1/invitations', { email: victim, role: 'customer' }, b.owner.token);
    assert.equal(sent.status, 201);
    const claim = await post(api, '/api/v1/invitations/accept', {
      token: sent.body.inviteUrl.split('#')[1],
      name: 'Not the victim',
      password: 'the attacker knows this',
    });
    assert.equal(claim.status, 403, JSON.stringify(claim.body));
    assert.match(
      claim.body.error.message,
      /emailed to victim\.\d+@example\.test.*open the link in that email/,
    );
    const user = await db().selectFrom('users').select('id').where('email', '=', victim).executeTakeFirst();
    assert.equal(user, undefined, 'no account was created');
    const invitation = await db()
      .selectFrom('invitations')
      .select('accepted_at')
      .where('id', '=', sent.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(invitation.accepted_at, null, 'the invitation is still open for its real recipient');

    // The person who reads that inbox can still join.
    const link = linkIn(await inbox(victim));
    const joined = await post(api, '/api/v1/invitations/accept', {
      token: link.token,
      name: 'The Victim',
      password: NEW_PASSWORD,
    });
    assert.equal(joined.status, 200);
  });

  test('the copied link still works for an email that already has an account, with its password', async () => {
    const sent = await post(
      api,
      '/api/v1/invitations',
      { email: b.employee.email, role: 'employee' },
      a.owner.token,
    );
    assert.equal(sent.status, 201);
    const token = sent.body.inviteUrl.split('#')[1];
    const wrong = await post(api, '/api/v1/invitations/accept', { token, password: 'not the password' });
    assert.equal(wrong.status, 401);
    const right = await post(api, '/api/v1/invitations/accept', { token, password: TEST_PASSWORD });
    assert.equal(right.status, 200, JSON.stringify(right.body));
  });

  test('forgot password: the emailed link sets a new password and ends sessions, Telegram and API tokens', async () => {
    const t = await createTenant(db());
    const person = t.employee;
    const chatId = await linkChat(t, person.userId);
    const apiToken = await post(
      api,
      '/api/v1/tokens',
      { name: 'script', currentPassword: TEST_PASSWORD },
      person.token,
    );
    assert.equal(apiToken.status, 201);
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token: apiToken.body.token })).status, 200);

    const asked = await post(api, '/api/v1/auth/password-reset/request', {
      email: person.email.toUpperCase(),
    });
    assert.equal(asked.status, 202);
    const message = await inbox(person.email);
    assert.equal(message.subject, 'Choose a new Parley password');
    const link = linkIn(message);
    assert.match(link.url, /^https:\/\/crm\.example\.test\/reset-password#plr_/);
    const stored = await db()
      .selectFrom('password_resets')
      .select('token_hash')
      .where('user_id', '=', person.userId)
      .execute();
    assert.ok(
      stored.length > 0 && stored.every((r) => !r.token_hash.includes(link.token)),
      'only the hash is kept',
    );
    const sentRow = await db()
      .selectFrom('email_outbox')
      .select(['data', 'status'])
      .where('to_address', '=', person.email)
      .executeTakeFirstOrThrow();
    assert.deepEqual(sentRow, { data: null, status: 'delivered' }, 'a sent email keeps no link');

    const tooShort = await post(api, '/api/v1/auth/password-reset', {
      token: link.token,
      newPassword: 'short',
    });
    assert.equal(tooShort.status, 400);
    const done = await post(api, '/api/v1/auth/password-reset', {
      token: link.token,
      newPassword: NEW_PASSWORD,
    });
    assert.equal(done.status, 204, JSON.stringify(done.body));

    assert.equal(
      (await api.call('GET', '/api/v1/auth/me', { token: person.token })).status,
      401,
      'session ended',
    );
    assert.equal(
      (await api.call('GET', '/api/v1/auth/me', { token: apiToken.body.token })).status,
      401,
      'token ended',
    );
    const chat = await db()
      .selectFrom('telegram_chats')
      .select('user_id')
      .where('chat_id', '=', chatId)
      .executeTakeFirstOrThrow();
    assert.equal(chat.user_id, null, 'the Telegram chat is signed out');
    assert.equal((await signIn(api, person.email, TEST_PASSWORD)).status, 401);
    assert.equal((await signIn(api, person.email, NEW_PASSWORD)).status, 200);

    const again = await post(api, '/api/v1/auth/password-reset', {
      token: link.token,
      newPassword: 'yet another one',
    });
    assert.equal(again.status, 409, 'a link works once');
    assert.match(again.body.error.message, /already been used/);
    const audit = await db()
      .selectFrom('audit_log')
      .select('after')
      .where('organization_id', '=', t.orgId)
      .where('entity', '=', 'password')
      .where('entity_id', '=', person.userId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(audit.after!), { reset: true, chatsSignedOut: 1, apiTokensRevoked: 1 });
  });

  test('an unknown email gets the same answer and nothing is sent', async () => {
    const known = await post(api, '/api/v1/auth/password-reset/request', { email: a.colleague.email });
    const unknown = await post(api, '/api/v1/auth/password-reset/request', {
      email: 'nobody.here@example.test',
    });
    assert.equal(unknown.status, known.status);
    assert.deepEqual(unknown.body, known.body);
    const since = smtp.received.length;
    await mail.sender.runOnce();
    const recipients = smtp.received.slice(since).map((m) => m.to);
    assert.deepEqual(recipients, [a.colleague.email]);
  });

  test('an expired or unknown link is refused and changes nothing', async () => {
    const t = await createTenant(db());
    await post(api, '/api/v1/auth/password-reset/request', { email: t.customer.email });
    const link = linkIn(await inbox(t.customer.email));
    await db()
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', t.customer.userId)
      .execute();
    const expired = await post(api, '/api/v1/auth/password-reset', {
      token: link.token,
      newPassword: NEW_PASSWORD,
    });
    assert.equal(expired.status, 404);
    assert.match(expired.body.error.message, /expired; ask for a new one/);
    const forged = await post(api, '/api/v1/auth/password-reset', {
      token: 'plr_notarealtoken',
      newPassword: NEW_PASSWORD,
    });
    assert.equal(forged.status, 404);
    assert.equal(
      (await signIn(api, t.customer.email, TEST_PASSWORD)).status,
      200,
      'the old password still works',
    );
  });

  test('requests are throttled per account and address, silently', async () => {
    const t = await createTenant(db());
    const from = address();
    const answers = [];
    for (let i = 0; i < RESETS_PER_HOUR_FROM_SOURCE + 2; i++) {
      const res = await api.call('POST', '/api/v1/auth/password-reset/request', {
        body: { email: t.employee.email },
        headers: { 'x-forwarded-for': from },
      });
      answers.push(res.status);
    }
    assert.deepEqual(new Set(answers), new Set([202]), 'every request gets the same answer');
    const since = smtp.received.length;
    await mail.sender.runOnce();
    const got = smtp.received.slice(since).filter((m) => m.to === t.employee.email);
    assert.equal(got.length, RESETS_PER_HOUR_FROM_SOURCE);
    // The address's allowance per minute is also bounded, whoever it asks for.
    const burst = [];
    for (let i = 0; i < 6; i++) {
      burst.push(
        (
          await api.call('POST', '/api/v1/auth/password-reset/request', {
            body: { email: `someone${i}@example.test` },
            headers: { 'x-forwarded-for': from },
          })
        ).status,
      );
    }
    assert.ok(burst.includes(429), `the address is slowed down: ${burst}`);
  });

  test('a failed send is tried again, and the link is kept only until it is sent', async () => {
    const t = await createTenant(db());
    smtp.refuseNext(1);
    await post(api, '/api/v1/auth/password-reset/request', { email: t.owner.email });
    assert.equal(await mail.sender.runOnce(), 0);
    const pending = await db()
      .selectFrom('email_outbox')
      .select(['status', 'attempts', 'data', 'last_error'])
      .where('to_address', '=', t.owner.email)
      .executeTakeFirstOrThrow();
    assert.equal(pending.status, 'pending');
    assert.equal(pending.attempts, 1);
    assert.ok(pending.data, 'the link waits for the next try');
    assert.match(pending.last_error ?? '', /451|Try again later/);
    await db()
      .updateTable('email_outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('to_address', '=', t.owner.email)
      .execute();
    const message = await inbox(t.owner.email);
    assert.match(linkIn(message).url, /reset-password#plr_/);
  });

  test('an owner emails a member a reset link; employees and customers may not', async () => {
    const url = `/api/v1/members/${a.colleague.userId}/password-reset`;
    const sent = await post(api, url, undefined, a.owner.token);
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal(sent.body.email, a.colleague.email);
    assert.equal(JSON.stringify(sent.body).includes('plr_'), false, 'the owner never sees the link');
    const message = await inbox(a.colleague.email);
    assert.match(message.text, /owner of org\S+ sent you this link/);
    const done = await post(api, '/api/v1/auth/password-reset', {
      token: linkIn(message).token,
      newPassword: NEW_PASSWORD,
    });
    assert.equal(done.status, 204);
    assert.equal((await signIn(api, a.colleague.email, NEW_PASSWORD)).status, 200);

    const before = await db().selectFrom('password_resets').select('id').execute();
    for (const who of [a.employee, a.customer]) {
      const refused = await post(
        api,
        `/api/v1/members/${a.owner.userId}/password-reset`,
        undefined,
        who.token,
      );
      assert.equal(refused.status, 403, `${who.role} may not reset others`);
    }
    const otherOrg = await post(
      api,
      `/api/v1/members/${a.employee.userId}/password-reset`,
      undefined,
      b.owner.token,
    );
    assert.equal(otherOrg.status, 404, "another organization's owner cannot reach a member");
    const noEmail = await post(
      plain,
      `/api/v1/members/${a.employee.userId}/password-reset`,
      undefined,
      a.owner.token,
    );
    assert.equal(noEmail.status, 409);
    assert.match(noEmail.body.error.message, /parley user reset-password --email employee\./);
    const afterwards = await db().selectFrom('password_resets').select('id').execute();
    assert.equal(afterwards.length, before.length, 'refused requests made no link');
  });

  test('without SMTP, forgot password says what to do instead', async () => {
    const res = await post(plain, '/api/v1/auth/password-reset/request', { email: a.owner.email });
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, /Email is not set up on this server/);
  });

  test('lock messages give a time of day and a wait, not a timestamp', async () => {
    const t = await createTenant(db());
    const from = address();
    let last: { status: number; body: any } | undefined;
    for (let i = 0; i < 6; i++) {
      last = await api.call('POST', '/api/v1/auth/login', {
        body: { email: t.owner.email, password: 'wrong password' },
        headers: { 'x-forwarded-for': from },
      });
    }
    assert.equal(last!.status, 423);
    const message: string = last!.body.error.message;
    assert.match(message, /paused until \d\d:\d\d UTC\. Try again in \d+ (minute|second)s?\./);
    assert.doesNotMatch(message, /\d{4}-\d\d-\d\dT/, 'no ISO timestamp in the message');
    assert.match(
      last!.body.error.details.lockedUntil,
      /^\d{4}-\d\d-\d\dT/,
      'the exact time stays in details',
    );
  });

  test('sign-in options: reset by email, and demo logins only where the demo runs', async () => {
    const withMail = await api.call('GET', '/api/v1/auth/options');
    assert.equal(withMail.status, 200);
    assert.equal(withMail.body.passwordResetByEmail, true);
    const noMail = await plain.call('GET', '/api/v1/auth/options');
    assert.equal(noMail.body.passwordResetByEmail, false);
    assert.equal(noMail.body.demo, null, 'no demo organization, no hint');

    await seedDemo(db(), systemClock);
    const demo = await startTestApp(db(), { settings: { DEMO_DATA: 'on' } });
    const production = await startTestApp(db(), { settings: { DEMO_DATA: 'off' } });
    try {
      const shown = await demo.call('GET', '/api/v1/auth/options');
      assert.equal(shown.body.demo.password, DEMO_PASSWORD);
      assert.deepEqual(
        shown.body.demo.logins.map((l: { email: string }) => l.email),
        ['owner@acme.test', 'employee@acme.test', 'sales@acme.test', 'customer@acme.test'],
      );
      const hidden = await production.call('GET', '/api/v1/auth/options');
      assert.equal(hidden.body.demo, null, 'a server not running the demo never shows logins');
      // A demo login whose password was changed is no longer advertised.
      const owner = await signIn(demo, 'owner@acme.test', DEMO_PASSWORD);
      const changed = await post(
        demo,
        '/api/v1/auth/password',
        { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD },
        owner.body.token,
      );
      assert.equal(changed.status, 204);
      const fresh = await startTestApp(db(), { settings: { DEMO_DATA: 'on' } });
      const after = await fresh.call('GET', '/api/v1/auth/options');
      await fresh.close();
      assert.equal(
        after.body.demo.logins.some((l: { email: string }) => l.email === 'owner@acme.test'),
        false,
      );
    } finally {
      await demo.close();
      await production.close();
    }
  });

  test('a reset token in a URL never reaches the access log', () => {
    assert.equal(
      redactUrl('/reset-password/plr_AbC-123_x?next=plr_Zz9'),
      '/reset-password/plr_[redacted]?next=plr_[redacted]',
    );
  });

  test('the SMTP password is never shown', () => {
    const config = loadConfig({ DATABASE_URL: 'file::memory:', ...mailSettings(smtp) });
    const shown = describeMail(config);
    assert.match(shown, /^SMTP 127\.0\.0\.1:\d+$/);
    assert.equal(shown.includes(SMTP_PASSWORD), false);
  });
});

test('SMTP settings are checked at start, without repeating the password', () => {
  const noSender = () => loadConfig({ SMTP_URL: 'smtp://u:hunter22@mail.example.test:587' });
  assert.throws(
    noSender,
    (e: Error) => /MAIL_FROM is required with SMTP_URL/.test(e.message) && !e.message.includes('hunter22'),
  );
  const wrongScheme = () => loadConfig({ SMTP_URL: 'https://u:hunter22@mail.example.test', MAIL_FROM });
  assert.throws(
    wrongScheme,
    (e: Error) => /SMTP_URL: must be smtp:/.test(e.message) && !e.message.includes('hunter22'),
  );
  assert.equal(loadConfig({}).SMTP_URL, undefined, 'no SMTP by default');
});

describe('parley user reset-password', () => {
  let dir: string;
  let db: Db;
  let app: TestApp;
  const env = () => ({ DATABASE_URL: `file:${join(dir, 'reset.db')}`, PUBLIC_URL });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-reset-'));
    const made = await runParley(
      [
        'user',
        'create',
        '--email',
        'ops@example.test',
        '--name',
        'Ops',
        '--password',
        TEST_PASSWORD,
        '--org',
        'ops',
      ],
      env(),
    );
    assert.equal(made.code, 0, made.stderr);
    db = openDatabase({ kind: 'sqlite', file: join(dir, 'reset.db') });
    app = await startTestApp(db);
  });
  after(async () => {
    await app.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints a one-time link that sets a new password', async () => {
    const run = await runParley(['user', 'reset-password', '--email', 'OPS@example.test'], env());
    assert.equal(run.code, 0, run.stderr);
    const link = /https:\/\/crm\.example\.test\/reset-password#(plr_\S+)/.exec(run.stdout);
    assert.ok(link, run.stdout);
    const done = await app.call('POST', '/api/v1/auth/password-reset', {
      body: { token: link[1], newPassword: NEW_PASSWORD },
      headers: { 'x-forwarded-for': address() },
    });
    assert.equal(done.status, 204, JSON.stringify(done.body));
    const signedIn = await app.call('POST', '/api/v1/auth/login', {
      body: { email: 'ops@example.test', password: NEW_PASSWORD },
      headers: { 'x-forwarded-for': address() },
    });
    assert.equal(signedIn.status, 200);
  });

  test('--password sets it directly and signs the user out; an unknown email or short password is refused', async () => {
    const login = await app.call('POST', '/api/v1/auth/login', {
      body: { email: 'ops@example.test', password: NEW_PASSWORD },
      headers: { 'x-forwarded-for': address() },
    });
    const session = login.body.token;
    const run = await runParley(
      ['user', 'reset-password', '--email', 'ops@example.test', '--password', 'set by the operator'],
      env(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.includes('set by the operator'), false, 'the password is not echoed');
    assert.equal((await app.call('GET', '/api/v1/auth/me', { token: session })).status, 401);
    const signedIn = await app.call('POST', '/api/v1/auth/login', {
      body: { email: 'ops@example.test', password: 'set by the operator' },
      headers: { 'x-forwarded-for': address() },
    });
    assert.equal(signedIn.status, 200);

    const unknown = await runParley(['user', 'reset-password', '--email', 'nobody@example.test'], env());
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /no user with email nobody@example\.test/);
    const short = await runParley(
      ['user', 'reset-password', '--email', 'ops@example.test', '--password', 'short'],
      env(),
    );
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /at least 8 characters/);
  });
});
