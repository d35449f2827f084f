import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type FakeSmtpServer, linkIn, startFakeSmtp } from '../fakes/smtp.ts';
import { openBrowser, type Site, signIn, startSite, type Visitor } from './browser.ts';

/**
 * Accounts in the browser: the demo hint, forgot password with the email read from a local SMTP server, and
 * keeping API tokens on a password change. The server sends email through the fake server as it would
 * through a real one.
 */
describe('web app: accounts and email', { timeout: 300_000 }, () => {
  let site: Site;
  let smtp: FakeSmtpServer;
  before(async () => {
    smtp = await startFakeSmtp();
    site = await startSite({ SMTP_URL: smtp.url, MAIL_FROM: 'Parley <crm@acme.test>' });
  });
  after(async () => {
    await site?.close();
    await smtp?.close();
  });

  async function inBrowser(body: (visitor: Visitor) => Promise<void>) {
    const visitor = await openBrowser(site);
    try {
      await body(visitor);
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  }

  async function api(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    const res = await fetch(`${site.url}/api/v1${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        'x-forwarded-for': '10.9.9.9',
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A session and an API token for `email`, made through the API. */
  async function credentials(email: string, password: string) {
    const login = await api('POST', '/auth/login', { body: { email, password } });
    assert.equal(login.status, 200, `sign-in as ${email}`);
    const token = await api('POST', '/tokens', {
      token: login.body.token,
      body: { name: 'script', currentPassword: password },
    });
    assert.equal(token.status, 201);
    return { session: login.body.token as string, apiToken: token.body.token as string };
  }

  const works = async (token: string) => (await api('GET', '/auth/me', { token })).status === 200;

  test('the demo sign-in page lists the demo logins; picking one fills the form', async () => {
    await inBrowser(async ({ page }) => {
      await page.goto('/');
      const hint = page.getByTestId('demo-hint');
      await hint.waitFor();
      assert.match((await hint.textContent()) ?? '', /parley-demo/);
      await hint.getByRole('button', { name: 'owner@acme.test' }).waitFor();
      await hint.getByRole('button', { name: 'customer@acme.test' }).click();
      assert.equal(await page.getByLabel('Email').inputValue(), 'customer@acme.test');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('user-menu').waitFor();
    });
  });

  test('forgot password from the sign-in page, with the link from the email', async () => {
    const before = await credentials('sales@acme.test', 'parley-demo');
    const since = smtp.received.length;
    await inBrowser(async (visitor) => {
      const { page } = visitor;
      await page.goto('/');
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await page.getByLabel('Email').fill('sales@acme.test');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByText('Check your email').waitFor();

      const message = await smtp.waitFor('sales@acme.test', { since });
      assert.equal(message.subject, 'Choose a new Parley password');
      const { url, token } = linkIn(message);
      assert.equal(new URL(url).pathname, '/reset-password');
      await page.goto(`/reset-password#${token}`);
      await page.getByRole('textbox', { name: 'New password', exact: true }).fill('sales reset 2026');
      await page.getByRole('textbox', { name: 'Repeat new password' }).fill('sales reset 2026');
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByRole('heading', { name: 'Password changed' }).waitFor();
      assert.equal(await works(before.session), false, 'the earlier session ended');
      assert.equal(await works(before.apiToken), false, 'the API token ended');

      await page.getByRole('link', { name: 'Sign in' }).click();
      await signIn(visitor, 'sales@acme.test', 'sales reset 2026');

      // The same link a second time is refused with a sentence, not a form that pretends to work.
      visitor.expectFailedRequest(/^\/api\/v1\/auth\/password-reset$/);
      await page.goto(`/reset-password#${token}`);
      await page.getByRole('textbox', { name: 'New password', exact: true }).fill('another password');
      await page.getByRole('textbox', { name: 'Repeat new password' }).fill('another password');
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByText('already been used').waitFor();
    });
  });

  test('changing the password can keep API tokens, or end them', async () => {
    const { apiToken } = await credentials('employee@acme.test', 'parley-demo');
    await inBrowser(async (visitor) => {
      const { page } = visitor;
      await signIn(visitor, 'employee@acme.test');
      await page.goto('/settings/profile');
      const change = async (current: string, next: string, keep: boolean) => {
        await page.getByLabel('Current password').fill(current);
        await page.getByRole('textbox', { name: 'New password', exact: true }).fill(next);
        await page.getByRole('textbox', { name: 'Repeat new password' }).fill(next);
        const box = page.getByRole('checkbox', { name: 'Keep my API tokens working' });
        if (keep) await box.check();
        else await box.uncheck();
        await page.getByRole('button', { name: 'Change password' }).click();
      };
      await change('parley-demo', 'employee pw two', true);
      await page.getByText('your API tokens still work').waitFor();
      assert.equal(await works(apiToken), true, 'kept as asked');
      await change('employee pw two', 'employee pw three', false);
      await page.getByText('your API tokens were signed out').waitFor();
      assert.equal(await works(apiToken), false, 'ended by default');
    });
  });
});
