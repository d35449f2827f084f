import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiSession, openBrowser, type Site, signIn, startSite, type Visitor } from './browser.ts';

interface Lead {
  id: number;
  name: string;
  status: string;
}

describe('lists and search', { timeout: 900_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  async function asVisitor(email: string, body: (visitor: Visitor) => Promise<void>) {
    const visitor = await openBrowser(site);
    try {
      await signIn(visitor, email);
      await body(visitor);
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  }

  async function leadsByName(email = 'owner@acme.test'): Promise<Map<string, Lead>> {
    const api = await apiSession(site, email);
    const page = await api.get<{ items: Lead[] }>('/leads?limit=200');
    return new Map(page.items.map((l) => [l.name, l]));
  }

  const rowLinks = (page: Page) => page.getByTestId('record-table').locator('tbody tr td a[aria-label]');

  test('a header sorts the list both ways, and the total counts what matches', async () => {
    await asVisitor('owner@acme.test', async ({ page }) => {
      await page.goto('/leads');
      await page.getByTestId('list-total').getByText('Showing 6 of 6').waitFor();

      const score = page.getByRole('columnheader', { name: /Score/ });
      await score.getByRole('button').click();
      await page.waitForURL(/sort=score/);
      await rowLinks(page)
        .first()
        .and(page.getByRole('link', { name: 'Lead Ana Souza', exact: true }))
        .waitFor();
      assert.equal(await score.getAttribute('aria-sort'), 'ascending');

      await score.getByRole('button').click();
      await page.waitForURL(/sort=-score/);
      await rowLinks(page)
        .first()
        .and(page.getByRole('link', { name: 'Lead Mei Lin', exact: true }))
        .waitFor();
      assert.equal(await score.getAttribute('aria-sort'), 'descending');

      await page.goto('/leads?status=new');
      await page.getByTestId('list-total').getByText('Showing 2 of 2').waitFor();
    });
  });

  test('a search or filter that matches nothing says so, naming what was looked for', async () => {
    await asVisitor('owner@acme.test', async ({ page }) => {
      await page.goto('/leads');
      await page.getByTestId('record-table').waitFor();
      await page.getByRole('searchbox', { name: 'Search' }).fill('zzzz nobody');
      await page.getByText('No results for “zzzz nobody”').waitFor();
      assert.equal(await page.getByText('Nothing here yet.').count(), 0);
      await page.getByRole('button', { name: 'Clear search and filters' }).click();
      await page.getByTestId('record-table').waitFor();
      assert.equal(await page.getByRole('searchbox', { name: 'Search' }).inputValue(), '');
    });
  });

  test('a failed load shows its error once, and Retry loads the list', async () => {
    await asVisitor('owner@acme.test', async (owner) => {
      const { page } = owner;
      let failing = true;
      owner.expectFailedRequest(/^\/api\/v1\/customers$/);
      await page.route('**/api/v1/customers?**', (route) =>
        failing
          ? route.fulfill({
              status: 503,
              json: { error: { code: 'unavailable', message: 'The server is busy. Try again in a moment.' } },
            })
          : route.continue(),
      );
      await page.goto('/customers');
      // The first rows' place is held by placeholders while the request (and its automatic retries) run.
      await page.getByTestId('skeleton-row').first().waitFor();
      const alert = page.getByRole('alert').filter({ hasText: 'The server is busy' });
      await alert.waitFor();
      assert.equal(await page.getByText('The server is busy. Try again in a moment.').count(), 1);
      assert.equal(await page.getByText('Nothing here yet.').count(), 0);

      failing = false;
      await alert.getByRole('button', { name: 'Retry' }).click();
      await page.getByRole('link', { name: 'Customer Orbit Logistics', exact: true }).waitFor();
      assert.equal(await alert.count(), 0);
    });
  });

  test('two leads selected change status together, and a row the person may not change is named', async () => {
    await asVisitor('owner@acme.test', async ({ page }) => {
      await page.goto('/leads?status=new');
      await page.getByRole('checkbox', { name: 'Select Lead Priya Natarajan' }).check();
      await page.getByRole('checkbox', { name: 'Select Lead Grace Hall' }).check();
      const bar = page.getByTestId('bulk-bar');
      await bar.getByText('2 selected').waitFor();
      await bar.getByRole('button', { name: 'Set status' }).click();
      await page.getByRole('menuitem', { name: 'Qualified', exact: true }).click();
      await page.getByText('2 of 2 leads changed').waitFor();
    });
    const leads = await leadsByName();
    assert.equal(leads.get('Priya Natarajan')?.status, 'qualified');
    assert.equal(leads.get('Grace Hall')?.status, 'qualified');

    // Ethan (employee) may change his own leads only: Mei Lin is his, John Okafor is Sofia's.
    await asVisitor('employee@acme.test', async (employee) => {
      const { page } = employee;
      employee.expectFailedRequest(/^\/api\/v1\/leads\/\d+$/);
      await page.goto('/leads');
      await page.getByRole('checkbox', { name: 'Select Lead Mei Lin' }).check();
      await page.getByRole('checkbox', { name: 'Select Lead John Okafor' }).check();
      await page.getByTestId('bulk-bar').getByRole('button', { name: 'Set status' }).click();
      await page.getByRole('menuitem', { name: 'Unqualified', exact: true }).click();
      const outcome = page.getByRole('alert').filter({ hasText: '1 of 2 leads changed' });
      await outcome.waitFor();
      await outcome.getByText(/^Lead John Okafor: .+/).waitFor();
      assert.equal(await outcome.getByText(/Lead Mei Lin/).count(), 0);
    });
    const after = await leadsByName();
    assert.equal(after.get('Mei Lin')?.status, 'unqualified');
    assert.equal(after.get('John Okafor')?.status, 'contacted', 'the refused row is unchanged');
  });

  test('cells are edited in place with the usual messages, and the audit log shows before and after', async () => {
    await asVisitor('owner@acme.test', async (owner) => {
      const { page } = owner;
      owner.expectFailedRequest(/^\/api\/v1\/leads\/\d+$/);
      await page.goto('/leads');

      await page.getByRole('button', { name: 'Edit name of Lead Tom Becker' }).click();
      const editor = page.getByRole('dialog');
      await editor.getByLabel('Name').fill('   ');
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.locator('[aria-invalid="true"]').waitFor();
      await editor.getByLabel('Name').fill('Tom Becker-Li');
      await editor.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('link', { name: 'Lead Tom Becker-Li', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Edit status of Lead Tom Becker-Li' }).click();
      await page.getByRole('dialog').getByRole('combobox', { name: 'Status' }).click();
      await page.getByRole('option', { name: 'Qualified', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      const leads = await leadsByName();
      const tom = leads.get('Tom Becker-Li');
      assert.equal(tom?.status, 'qualified');

      await page.goto('/settings');
      await page.getByRole('tab', { name: 'Audit log' }).click();
      await page.getByRole('combobox', { name: 'Record type' }).click();
      await page.getByRole('option', { name: 'Lead', exact: true }).click();
      const entry = page
        .locator('.mantine-Paper-root')
        .filter({ hasText: `Lead #${tom?.id}` })
        .first();
      await entry.getByRole('button', { name: /change/ }).click();
      const changes = entry.getByTestId('audit-changes');
      await changes.getByRole('row', { name: 'Status Contacted Qualified' }).waitFor();
      assert.equal(await changes.getByText('{').count(), 0, 'no raw JSON');
    });
  });

  test('a saved view keeps filters, search and sort across a reload', async () => {
    await asVisitor('owner@acme.test', async ({ page }) => {
      await page.goto('/leads?status=qualified&sort=-score');
      await page.getByTestId('record-table').waitFor();
      await page.getByRole('button', { name: 'Save view' }).click();
      await page.getByLabel('View name').fill('Hot leads');
      await page.getByRole('button', { name: 'Save', exact: true }).click();

      await page.goto('/leads');
      await page.reload();
      await page.getByTestId('record-table').waitFor();
      await page.getByRole('button', { name: 'Views' }).click();
      await page.getByRole('menuitem', { name: 'Hot leads' }).click();
      await page.waitForURL(/status=qualified/);
      assert.match(page.url(), /sort=-score/);
      await page.getByRole('combobox', { name: 'Status' }).and(page.locator('[value="Qualified"]')).waitFor();
      const rows = page.getByTestId('record-table').locator('tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.filter({ hasNotText: 'Qualified' }).count(), 0, 'only qualified leads');
    });
  });

  test('an overdue task is marked, one due tomorrow is not', async () => {
    await asVisitor('owner@acme.test', async ({ page }) => {
      await page.goto('/activities');
      const overdue = page.getByRole('row').filter({ hasText: 'Send Orbit the tablet quote' });
      await overdue.getByTestId('overdue').waitFor();
      const upcoming = page.getByRole('row').filter({ hasText: 'Demo of espresso machines at Bluebird' });
      await upcoming.waitFor();
      assert.equal(await upcoming.getByTestId('overdue').count(), 0);
    });
  });

  test('Ctrl+K opens search: grouped results, arrows and Enter open a record, then it is recent', async () => {
    await asVisitor('owner@acme.test', async ({ page }) => {
      const asked: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/api/v1/search') asked.push(url.searchParams.get('q') ?? '');
      });
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.keyboard.press('Control+K');
      const input = page.getByRole('textbox', { name: 'Find a record' });
      await input.waitFor();
      await page.getByText('Type a name, email, phone or number to find a record.').waitFor();

      await input.fill('orbit');
      const list = page.getByRole('dialog');
      await list
        .getByRole('group', { name: 'Customers' })
        .getByRole('button', { name: /Orbit Logistics/ })
        .waitFor();
      await list
        .getByRole('group', { name: 'Deals' })
        .getByRole('button', { name: /Orbit fleet tablets/ })
        .waitFor();
      assert.ok(asked.includes('orbit'));

      // Customers come first: the first arrow picks Orbit Logistics, the second the deal.
      await input.press('ArrowDown');
      await input.press('ArrowDown');
      await input.press('Enter');
      await page.getByRole('heading', { name: 'Orbit fleet tablets' }).waitFor();
      assert.match(page.url(), /\/deals\/\d+$/);

      await page.reload();
      await page.getByTestId('header-search').click();
      await input.waitFor();
      const recent = page.getByRole('dialog');
      await recent
        .getByRole('group', { name: 'Recent' })
        .getByRole('button', { name: /Orbit fleet tablets/ })
        .waitFor();
      await input.press('Escape');
      await input.waitFor({ state: 'detached' });

      // Typing in the header's field carries on in the palette.
      await page.getByTestId('header-search').press('z');
      await input.waitFor();
      await input.press('End');
      await input.press('z');
      assert.equal(await input.inputValue(), 'zz');
      await page.getByText('No results for “zz”').waitFor();
    });
  });
});
