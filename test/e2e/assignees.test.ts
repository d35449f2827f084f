import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openBrowser, type Site, signIn, startSite } from './browser.ts';

/**
 * The assignee picker offers what the service accepts: an employee may hand a new record to a colleague
 * (owners and employees are staff), never to a customer.
 */
describe('assignee picker for an employee', { timeout: 300_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  test('offers colleagues, not customers, and the service takes the choice', async () => {
    const visitor = await openBrowser(site);
    try {
      await signIn(visitor, 'employee@acme.test');
      const { page } = visitor;
      await page.goto('/deals/new');
      await page.getByRole('heading', { name: 'New deal' }).waitFor();
      await page.getByLabel(/^Title/).fill('Handed to Sofia');
      await page.getByRole('combobox', { name: 'Assigned to' }).click();
      const options = page.getByRole('option');
      await options.filter({ hasText: 'Sofia Reyes' }).waitFor();
      const names = await options.allTextContents();
      assert.ok(names.includes('Ethan Park (you)'), names.join(', '));
      assert.ok(names.includes('Olivia Owens'), names.join(', '));
      assert.ok(!names.includes('Carlos Mendes'), 'a customer is not offered');
      await options.filter({ hasText: 'Sofia Reyes' }).click();
      await page.getByRole('button', { name: 'Create deal' }).click();
      await page.getByRole('heading', { name: 'Handed to Sofia' }).waitFor();
      assert.match((await page.locator('main').textContent()) ?? '', /Assigned to\s*Sofia Reyes/);
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  });
});
