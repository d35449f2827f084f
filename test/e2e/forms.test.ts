import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, type Site, signIn, startSite, type Visitor } from './browser.ts';

/**
 * Forms in plain words, values refused rather than changed, the currency rule, colleagues by name, pages a
 * role may not open, and tab titles, as people meet them in the browser.
 */

/** What the page's main area says, for checking what it must not say. */
const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

const RAW_SCHEMA_TEXT = /Invalid input|expected (string|number)|received|NaN|must not be empty/;

describe('forms, values, people and pages', { timeout: 900_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  async function as(email: string | null, body: (visitor: Visitor) => Promise<void>) {
    const visitor = await openBrowser(site);
    try {
      if (email) await signIn(visitor, email);
      await body(visitor);
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  }

  /** The message shown for a field, found through the field's accessible description. */
  async function fieldError(visitor: Visitor, label: string | RegExp): Promise<string> {
    const field = visitor.page.getByLabel(label, { exact: typeof label === 'string' });
    await assert.doesNotReject(field.first().waitFor());
    const id = await field.first().getAttribute('aria-describedby');
    assert.ok(id, `${String(label)} has no message`);
    const ids = id.split(/\s+/);
    const texts = await Promise.all(ids.map((i) => visitor.page.locator(`[id="${i}"]`).textContent()));
    return texts.join(' ');
  }

  test('sign-in with empty fields says what to enter', async () => {
    await as(null, async ({ page }) => {
      await page.goto('/');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Enter your email').waitFor();
      await page.getByText('Enter your password').waitFor();
      assert.doesNotMatch(await mainText(page), RAW_SCHEMA_TEXT);
    });
  });

  test('an empty or badly written new customer gets messages a person would write', async () => {
    await as('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.goto('/customers/new');
      await page.getByRole('button', { name: 'Create customer' }).click();
      assert.equal(await fieldError(owner, /^Name/), 'Enter a name');

      await page.getByLabel(/^Name/).fill('Ada Lovelace');
      await page.getByLabel('Email').fill('ada@');
      await page.getByLabel('Phone').fill('abc');
      await page.getByRole('button', { name: 'Create customer' }).click();
      assert.equal(await fieldError(owner, 'Email'), 'Enter a valid email');
      assert.equal(await fieldError(owner, 'Phone'), 'Enter a phone number: digits, spaces and + ( ) - only');
      assert.doesNotMatch(await mainText(page), RAW_SCHEMA_TEXT);
      assert.match(page.url(), /\/customers\/new$/, 'nothing was saved');
    });
  });

  test('an order without a customer asks to choose one', async () => {
    await as('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.goto('/orders/new');
      await page.getByRole('button', { name: 'Create order' }).click();
      await page.getByText('Choose a customer').waitFor();
      assert.doesNotMatch(await mainText(page), RAW_SCHEMA_TEXT);
    });
  });

  test('a negative deal value and a probability of 150 are refused, not changed', async () => {
    await as('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.goto('/deals/new');
      await page.getByLabel(/^Title/).fill('Refused values');
      const value = page.getByLabel('Value');
      await value.fill('-50');
      const probability = page.getByLabel('Probability %');
      await probability.fill('150');
      await page.getByRole('button', { name: 'Create deal' }).click();
      assert.equal(await fieldError(owner, 'Value'), 'Enter an amount of zero or more');
      assert.equal(await fieldError(owner, 'Probability %'), 'Enter a number from 0 to 100');
      assert.equal(await value.inputValue(), '-50', 'the value is kept as typed');
      assert.equal(await probability.inputValue(), '150');
      assert.match(page.url(), /\/deals\/new$/);
      await page.getByText('USD').first().waitFor();
    });
  });

  test('a four-letter currency is refused, and a change once deals exist says why', async () => {
    await as('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.goto('/settings/organization');
      const currency = page.getByLabel('Currency');
      await currency.fill('EURO');
      await page.getByRole('button', { name: 'Save' }).click();
      assert.equal(
        (await fieldError(owner, 'Currency')).includes(
          'Enter a three-letter currency code such as USD or EUR',
        ),
        true,
      );
      assert.equal(await currency.inputValue(), 'EURO', 'not cut to EUR');

      owner.expectFailedRequest(/\/api\/v1\/organization$/);
      await currency.fill('EUR');
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .getByRole('alert')
        .getByText(/The currency stays USD: this organization has deals/)
        .waitFor();
      await page.goto('/');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      assert.doesNotMatch(await mainText(page), /€0\.00/);
    });
  });

  test("an employee sees colleagues' names, not numbers", async () => {
    await as('employee@acme.test', async ({ page }) => {
      await page.goto('/deals');
      await page.getByRole('cell', { name: 'Sofia Reyes' }).first().waitFor();
      const text = await mainText(page);
      assert.doesNotMatch(text, /Teammate #|Member #/);
    });
  });

  test('a customer opening staff pages or a malformed address gets the not-found page', async () => {
    await as('customer@acme.test', async ({ page }) => {
      for (const path of ['/customers', '/customers/1', '/deals', '/deals/abc', '/board', '/no/such/page']) {
        await page.goto(path);
        await page.getByTestId('not-found').waitFor();
        assert.equal(await page.getByRole('button', { name: /Export/ }).count(), 0, `${path}: no Export`);
        assert.equal(await page.title(), 'Page not found · Parley');
      }
      await page.goto('/settings/members');
      await page.getByTestId('not-found').waitFor();
    });
    await as('employee@acme.test', async ({ page }) => {
      for (const path of ['/deals/abc', '/deals/0', '/customers/12abc/edit', '/settings/audit']) {
        await page.goto(path);
        await page.getByTestId('not-found').waitFor();
      }
    });
  });

  test('the tab names the page and the record', async () => {
    await as('owner@acme.test', async ({ page }) => {
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      assert.equal(await page.title(), 'Dashboard · Parley');
      await page.goto('/customers?q=orbit');
      await page.getByRole('link', { name: 'Orbit Logistics' }).click();
      await page.getByRole('heading', { name: 'Orbit Logistics' }).waitFor();
      assert.equal(await page.title(), 'Orbit Logistics · Customers · Parley');
      await page.goto('/customers');
      await page.getByRole('heading', { name: 'Customers' }).waitFor();
      assert.equal(await page.title(), 'Customers · Parley');
      await page.goto('/deals/new');
      await page.getByRole('heading', { name: 'New deal' }).waitFor();
      assert.equal(await page.title(), 'New deal · Deals · Parley');
    });
  });
});
