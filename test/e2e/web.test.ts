import { after, before, describe, test } from 'node:test';
import { openBrowser, type Site, signIn, startSite } from './browser.ts';

describe('web app', { timeout: 240_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  test('the owner signs in and sees the dashboard with its numbers and charts', async () => {
    const owner = await openBrowser(site);
    try {
      await signIn(owner, 'owner@acme.test');
      const { page } = owner;
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.getByText('Pipeline by stage').waitFor();
      await page.getByText('Revenue over time').waitFor();
      await page.getByText('Open issues by priority').waitFor();
      for (const item of ['Customers', 'Leads', 'Deals board', 'Settings']) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: item }).waitFor();
      }
      await owner.screenshot('dashboard');
      owner.assertNoConsoleErrors();
    } finally {
      await owner.close();
    }
  });
});
