import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { createCrm } from '../src/crm/index.ts';
import { systemClock } from '../src/domain/time.ts';
import { createMail, type Mail } from '../src/mail/index.ts';
import { type FakeSmtpServer, startFakeSmtp } from './fakes/smtp.ts';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

const PUBLIC_URL = 'https://crm.example.test';
const MAIL_FROM = 'Parley <crm@example.test>';

onEachDatabase('notifications by email, for those who ask', ({ db }) => {
  let smtp: FakeSmtpServer;
  /** A server that sends email, and one that does not (no SMTP_URL). */
  let api: TestApp;
  let plain: TestApp;
  let mail: Mail;
  let t: Tenant;

  before(async () => {
    smtp = await startFakeSmtp();
    const settings = { SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL };
    api = await startTestApp(db(), { settings });
    plain = await startTestApp(db());
    const made = createMail({
      config: loadConfig({ DATABASE_URL: 'file::memory:', ...settings }),
      emails: createCrm({ db: db(), clock: systemClock }).emails,
      clock: systemClock,
    });
    assert.ok(made);
    mail = made;
    t = await createTenant(db());
  });
  after(async () => {
    await mail.stop();
    await api.close();
    await plain.close();
    await smtp.close();
  });

  const preferences = (app: TestApp, token: string) => app.call('GET', '/api/v1/auth/preferences', { token });
  const setPreferences = (app: TestApp, token: string, body: unknown) =>
    app.call('PATCH', '/api/v1/auth/preferences', { token, body });

  /** The owner assigns a new deal to the employee; returns the deal and what reached the employee's inbox. */
  async function assignDeal(title: string) {
    const deal = await api.call('POST', '/api/v1/deals', {
      token: t.owner.token,
      body: { title, assignedTo: t.employee.userId },
    });
    assert.equal(deal.status, 201, JSON.stringify(deal.body));
    const since = smtp.received.length;
    await mail.sender.runOnce();
    const mails = smtp.received.slice(since).filter((m) => m.to === t.employee.email);
    return { id: deal.body.id as number, mails };
  }

  test('off by default: an assignment sends no email', async () => {
    const before = await preferences(api, t.employee.token);
    assert.equal(before.status, 200);
    assert.deepEqual(before.body, { emailNotifications: false, emailAvailable: true });
    const { mails } = await assignDeal('Quiet deal');
    assert.deepEqual(mails, []);
  });

  test('on: the notice comes by email, naming the record, who assigned it and a link', async () => {
    const on = await setPreferences(api, t.employee.token, { emailNotifications: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.emailNotifications, true);
    assert.equal((await preferences(api, t.employee.token)).body.emailNotifications, true);

    const { id, mails } = await assignDeal('Loud deal');
    assert.equal(mails.length, 1);
    const [message] = mails;
    assert.equal(message!.from, 'crm@example.test');
    assert.match(message!.subject, /^Assigned to you: deal #\d+ “Loud deal”$/);
    assert.match(message!.text, /assigned deal #\d+ “Loud deal” to you in Org \d+/);
    assert.ok(message!.text.includes(`${PUBLIC_URL}/deals/${id}`), message!.text);

    // Their own change to a record of theirs tells nobody, by email or otherwise.
    const own = await api.call('POST', '/api/v1/deals', {
      token: t.employee.token,
      body: { title: 'My own deal' },
    });
    assert.equal(own.status, 201);
    const since = smtp.received.length;
    await mail.sender.runOnce();
    assert.deepEqual(
      smtp.received.slice(since).filter((m) => m.to === t.employee.email),
      [],
    );

    const off = await setPreferences(api, t.employee.token, { emailNotifications: false });
    assert.equal(off.body.emailNotifications, false);
    assert.deepEqual((await assignDeal('Quiet again')).mails, []);
  });

  test("someone else's preference cannot be changed", async () => {
    // The body names no user; naming one is refused rather than ignored.
    const named = await setPreferences(api, t.employee.token, {
      emailNotifications: true,
      userId: t.colleague.userId,
    });
    assert.equal(named.status, 400);
    const byPath = await api.call('PATCH', `/api/v1/auth/preferences/${t.colleague.userId}`, {
      token: t.employee.token,
      body: { emailNotifications: true },
    });
    assert.equal(byPath.status, 404);
    // What one person turns on is theirs alone.
    assert.equal((await setPreferences(api, t.owner.token, { emailNotifications: true })).status, 200);
    assert.equal((await preferences(api, t.colleague.token)).body.emailNotifications, false);
    assert.equal((await preferences(api, t.employee.token)).body.emailNotifications, false);
    assert.equal((await setPreferences(api, t.owner.token, { emailNotifications: false })).status, 200);
    // Without a session there is nobody's preference to read.
    assert.equal((await api.call('GET', '/api/v1/auth/preferences')).status, 401);
  });

  test('without SMTP the switch cannot be turned on and nothing is emailed', async () => {
    const read = await preferences(plain, t.colleague.token);
    assert.deepEqual(read.body, { emailNotifications: false, emailAvailable: false });
    const on = await setPreferences(plain, t.colleague.token, { emailNotifications: true });
    assert.equal(on.status, 400);
    assert.match(on.body.error.message, /does not send email/);
    assert.equal((await setPreferences(plain, t.colleague.token, { emailNotifications: false })).status, 200);
  });
});
