import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  apiSession,
  drag,
  openBrowser,
  PHONE,
  type Site,
  signIn,
  startSite,
  type Visitor,
} from './browser.ts';

interface DealRow {
  id: number;
  title: string;
  stageName: string;
  assignedTo: number | null;
  status: string;
}

describe('web app', { timeout: 300_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  /** One person's browser for the length of a test, checked for console errors at the end. */
  async function asVisitor(
    email: string,
    body: (visitor: Visitor) => Promise<void>,
    viewport?: typeof PHONE,
  ) {
    const visitor = await openBrowser(site, viewport);
    try {
      await signIn(visitor, email);
      await body(visitor);
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  }

  test('the owner sees the dashboard with its numbers and charts, and every area in the menu', async () => {
    await asVisitor('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.getByText('Pipeline by stage').waitFor();
      await page.getByText('Revenue over time').waitFor();
      await page.getByText('Open issues by priority').waitFor();
      await page.getByTestId('recent-activity').getByRole('link').first().waitFor();
      const menu = page.getByRole('navigation', { name: 'Main' });
      for (const item of [
        'Customers',
        'Leads',
        'Deals',
        'Deals board',
        'Issues',
        'Orders',
        'Payments',
        'Activities',
      ]) {
        await menu.getByRole('link', { name: item, exact: true }).waitFor();
      }
      await owner.screenshot('dashboard');

      await page.getByRole('link', { name: 'Settings' }).click();
      for (const tab of [
        'Profile',
        'API tokens',
        'Telegram',
        'Members',
        'Organization',
        'Pipelines',
        'Audit log',
      ]) {
        await page.getByRole('tab', { name: tab }).waitFor();
      }
    });
  });

  test('an API token is made only with the password, and shown once', async () => {
    await asVisitor('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('tab', { name: 'API tokens' }).click();
      await page.getByLabel('Token name').fill('Claude Desktop');
      owner.expectFailedRequest(/^\/api\/v1\/tokens$/);
      await page.getByLabel('Your password').fill('not the password');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByText('is not correct').waitFor();
      await page.getByLabel('Your password').fill('parley-demo');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByTestId('new-token').waitFor();
      assert.match((await page.getByTestId('new-token').textContent()) ?? '', /plt_/);
    });
  });

  test('the owner adds a lead, converts it, and moves its deal on the board', async () => {
    await asVisitor('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.getByRole('link', { name: 'Leads', exact: true }).click();
      await page.getByTestId('record-table').waitFor();
      await owner.screenshot('leads-list');

      await page.getByRole('link', { name: 'New lead' }).click();
      // The server's validation message shows beside the field it names.
      owner.expectFailedRequest(/^\/api\/v1\/leads$/);
      await page.getByRole('button', { name: 'Create lead' }).click();
      await page.getByText('Please correct the highlighted fields.').waitFor();

      await page.getByLabel('Name').fill('Noor Haddad');
      await page.getByLabel('Company').fill('Lumen Labs');
      await page.getByRole('button', { name: 'Create lead' }).click();
      await page.getByRole('heading', { name: 'Noor Haddad' }).waitFor();

      await page.getByRole('button', { name: 'Convert' }).click();
      await page.getByRole('dialog').getByLabel('Deal title').fill('Lumen Labs pilot');
      await page.getByRole('button', { name: 'Convert lead' }).click();
      await page.getByRole('heading', { name: 'Lumen Labs pilot' }).waitFor();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals board' }).click();
      const card = page.locator('[data-deal-title="Lumen Labs pilot"]');
      await page.getByTestId('board-column-Lead').locator('[data-deal-title="Lumen Labs pilot"]').waitFor();
      await drag(page, card, page.getByTestId('board-column-Qualified'));
      await page.getByTestId('notice-success').getByText('moved to Qualified').waitFor();
      await page
        .getByTestId('board-column-Qualified')
        .locator('[data-deal-title="Lumen Labs pilot"]')
        .waitFor();

      // The keyboard does the same: pick the card up with space, carry it one column right, put it down.
      await card.focus();
      await page.keyboard.press('Space');
      await page.locator('[data-deal-title="Lumen Labs pilot"][data-dragging]').waitFor();
      await page.keyboard.press('ArrowRight');
      await page.locator('[data-testid="board-column-Proposal"][data-drop-target]').waitFor();
      await page.keyboard.press('Space');
      await page.getByTestId('notice-success').getByText('moved to Proposal').waitFor();
      await page
        .getByTestId('board-column-Proposal')
        .locator('[data-deal-title="Lumen Labs pilot"]')
        .waitFor();
      await owner.screenshot('board');
    });
    const api = await apiSession(site, 'owner@acme.test');
    const { items } = await api.get<{ items: DealRow[] }>('/deals?q=Lumen');
    assert.equal(items[0]?.stageName, 'Proposal');
  });

  test('the owner imports leads from CSV with a per-row report, and exports the filtered list', async () => {
    await asVisitor('owner@acme.test', async (owner) => {
      const { page } = owner;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[type="file"]').setInputFiles({
        name: 'fair-contacts.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'Full name,E-mail,Company,Value\n' +
            'Kira Brandt,kira@brandt.test,Brandt GmbH,"1,250.00"\n' +
            'Kiran Patel,kiran@patel.test,Patel & Sons,900\n' +
            'Kit Broken,not-an-email,Nowhere Ltd,10\n',
        ),
      });
      // Headers were matched to fields by name; the preview shows the rows as they will be sent.
      await dialog.getByTestId('import-preview').getByText('Kira Brandt').waitFor();
      await dialog.getByRole('button', { name: 'Check 3 rows' }).click();
      await dialog.getByTestId('import-check').waitFor();
      await dialog.getByRole('button', { name: 'Import' }).click();
      const report = dialog.getByTestId('import-report');
      await report.getByText('2 created').waitFor();
      const problem = await report.getByRole('row').filter({ hasText: /^4/ }).textContent();
      assert.match(problem ?? '', /email/i);
      await owner.screenshot('csv-import');
      await dialog.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('searchbox', { name: 'Search' }).fill('Kira');
      await page.waitForURL(/q=Kira/);
      await page.getByRole('link', { name: 'Lead Grace Hall' }).waitFor({ state: 'detached' });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const path = await download.path();
      const csv = readFileSync(path, 'utf8').trim().split(/\r\n/);
      assert.equal(csv.length, 3, 'a header and the two matching leads');
      assert.ok(csv.some((line) => line.includes('Kira Brandt') && line.includes('1250.00')));
    });
  });

  test('an employee is refused changing a deal assigned to someone else, on the form and on the board', async () => {
    const api = await apiSession(site, 'employee@acme.test');
    const { items } = await api.get<{ items: DealRow[] }>('/deals?limit=100&status=open');
    const theirs = items.find((d) => d.assignedTo !== api.userId && d.stageName !== 'Qualified');
    assert.ok(theirs, 'the demo has an open deal assigned to someone else');

    await asVisitor('employee@acme.test', async (employee) => {
      const { page } = employee;
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('tab', { name: 'Pipelines' }).waitFor();
      assert.equal(await page.getByRole('tab', { name: 'Members' }).count(), 0);
      assert.equal(await page.getByRole('tab', { name: 'Audit log' }).count(), 0);

      // The page offers no Edit button; the edit address typed in by hand meets the server's refusal.
      await page.goto(`/deals/${theirs.id}`);
      await page.getByRole('heading', { name: theirs.title }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0);
      employee.expectFailedRequest(/^\/api\/v1\/deals\/\d+(\/stage)?$/);
      await page.goto(`/deals/${theirs.id}/edit`);
      await page.getByLabel('Title').fill(`${theirs.title} (mine now)`);
      await page.getByRole('button', { name: 'Save' }).click();
      const refusal = await page.getByRole('alert').textContent();
      assert.match(refusal ?? '', /assigned/i);

      await page.goto('/board');
      const card = page.locator(`[data-deal-title="${theirs.title}"]`);
      await drag(page, card, page.getByTestId('board-column-Qualified'));
      await page.getByTestId('notice-error').getByText(`stays in ${theirs.stageName}`).waitFor();
      await page
        .getByTestId(`board-column-${theirs.stageName}`)
        .locator(`[data-deal-title="${theirs.title}"]`)
        .waitFor();
    });
    const after = await api.get<DealRow>(`/deals/${theirs.id}`);
    assert.equal(after.title, theirs.title);
    assert.equal(after.stageName, theirs.stageName);
  });

  test('the assistant lists my deals as a table and makes a change once I confirm', async () => {
    const api = await apiSession(site, 'employee@acme.test');
    const mine = await api.get<{ items: DealRow[] }>('/deals?assignedTo=me&limit=100');
    assert.ok(mine.items.length > 0);

    await asVisitor('employee@acme.test', async (employee) => {
      const { page } = employee;
      await page.getByTestId('assistant-toggle').click();
      const panel = page.getByTestId('assistant-panel');
      const message = panel.getByLabel('Message the assistant');
      await message.fill('Show my deals');
      await message.press('Enter');
      const table = panel.getByTestId('assistant-table');
      await table.waitFor();
      for (const deal of mine.items) await table.getByRole('link', { name: deal.title }).waitFor();

      await message.fill('Create a lead named Wren Okafor from Tidewater Inc');
      await message.press('Enter');
      const confirmation = panel.getByTestId('assistant-confirmation');
      await confirmation.getByText('Wren Okafor').waitFor();
      await confirmation.getByRole('button', { name: 'Confirm' }).click();
      await confirmation.getByText('Confirmed').waitFor();
      await panel.getByTestId('assistant-card').getByRole('link', { name: 'Wren Okafor' }).waitFor();
      await employee.screenshot('chat');

      // The conversation is kept: after a reload the words are still there, and Clear forgets them.
      await page.reload();
      await panel.getByTestId('assistant-user').getByText('Show my deals').waitFor();
      await panel.getByRole('button', { name: 'Clear' }).click();
      await panel.getByText('Ask about your records').waitFor();
      assert.equal(await panel.getByTestId('assistant-user').count(), 0);
    });
    const { items } = await api.get<{ items: { name: string; company: string }[] }>('/leads?q=Wren');
    assert.equal(items[0]?.company, 'Tidewater Inc');
  });

  test('a customer sees only their portal, raises an issue and comments on it', async () => {
    await asVisitor('customer@acme.test', async (customer) => {
      const { page } = customer;
      await page.getByRole('heading', { name: 'Welcome, Carlos Mendes' }).waitFor();
      const menu = page.getByRole('navigation', { name: 'Main' });
      await menu.getByRole('link', { name: 'My orders' }).waitFor();
      assert.equal(await menu.getByRole('link', { name: 'Deals' }).count(), 0);
      assert.equal(await menu.getByRole('link', { name: 'Leads' }).count(), 0);

      await page.getByRole('link', { name: 'Raise an issue' }).click();
      await page.getByLabel('Title').fill('Descaling light stays on');
      await page.getByLabel('What happened?').fill('Water pools under the machine after each use.');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('heading', { name: 'Descaling light stays on' }).waitFor();

      await page.getByRole('textbox', { name: 'Comment' }).fill('It started after the last service visit.');
      await page.getByRole('button', { name: 'Comment' }).click();
      await page
        .getByTestId('issue-comments')
        .getByText('It started after the last service visit.')
        .waitFor();

      await page.goto('/deals');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    });
    const owner = await apiSession(site, 'owner@acme.test');
    const { items } = await owner.get<{ items: { title: string; customerName: string }[] }>(
      '/issues?q=Descaling',
    );
    assert.equal(items[0]?.customerName, 'Carlos Mendes');
  });

  test('on a phone the menu folds away and nothing is wider than the screen', async () => {
    await asVisitor(
      'owner@acme.test',
      async (owner) => {
        const { page } = owner;
        await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
        const menu = page.getByRole('navigation', { name: 'Main' });
        const folded = await menu.boundingBox();
        assert.ok(folded && folded.x + folded.width <= 0, 'the menu waits off screen');
        await page.getByRole('button', { name: 'Toggle navigation' }).click();
        await menu.getByRole('link', { name: 'Customers' }).click();
        await page.getByTestId('record-table').waitFor();
        // Choosing a page folds the menu away again; it slides, so the check waits for it to get there.
        const deadline = Date.now() + 5000;
        for (
          let box = await menu.boundingBox();
          !box || box.x + box.width > 0;
          box = await menu.boundingBox()
        ) {
          assert.ok(Date.now() < deadline, 'the menu folds away once a page is chosen');
          await page.waitForTimeout(50);
        }
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - window.innerWidth',
        );
        assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
        await owner.screenshot('customers-phone');
      },
      PHONE,
    );
  });
});
