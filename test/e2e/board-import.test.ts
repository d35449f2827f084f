import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Papa from 'papaparse';
import type { CDPSession, Page } from 'playwright-core';
import { DESKTOP, openBrowser, PHONE, type Site, signIn, startSite, type Visitor } from './browser.ts';

interface DealDetail {
  id: number;
  title: string;
  stageName: string;
  history: unknown[];
}

/** What the test reads in the page to hear what dnd-kit's live region said (the test has no DOM types). */
interface Announcements {
  said: string[];
  document: { querySelector(selector: string): { textContent: string | null } | null };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(node: unknown, options: Record<string, boolean>): void };
}

let addresses = 0;

/** The owner through the API, for setting up records and checking what the browser did to them. */
async function ownerApi(site: Site) {
  const from = `10.77.0.${++addresses}`;
  const login = await fetch(`${site.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ email: 'owner@acme.test', password: 'parley-demo' }),
  });
  assert.equal(login.status, 200);
  const { token } = (await login.json()) as { token: string };
  return async function call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${site.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'x-forwarded-for': from,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
  };
}

/** Real touch events through the DevTools protocol, as a phone's finger sends them. */
async function touchScreen(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  return cdp;
}

async function finger(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
}

async function centre(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  assert.ok(box, `${selector} is on screen`);
  return { x: box.x + Math.min(box.width / 2, 60), y: box.y + box.height / 2 };
}

describe('board and CSV', { timeout: 300_000 }, () => {
  let site: Site;
  let call: Awaited<ReturnType<typeof ownerApi>>;
  before(async () => {
    site = await startSite();
    call = await ownerApi(site);
  });
  after(() => site?.close());

  async function newDeal(title: string) {
    const res = await call<DealDetail>('POST', '/deals', { title, stage: 'Lead', value: 120000 });
    assert.equal(res.status, 201);
    return res.body;
  }

  async function asOwner(
    body: (visitor: Visitor) => Promise<void>,
    viewport = DESKTOP,
    setup?: (page: Page) => Promise<void>,
  ) {
    const visitor = await openBrowser(site, viewport);
    try {
      await setup?.(visitor.page);
      await signIn(visitor, 'owner@acme.test');
      await body(visitor);
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  }

  test('on a phone a quick swipe leaves a card where it is; a long press and drag moves it', async () => {
    const deal = await newDeal('Audit deal');
    let cdp: CDPSession | undefined;
    await asOwner(
      async ({ page }) => {
        await page.goto('/board');
        const card = `[data-testid="board-column-Lead"] [data-deal-title="Audit deal"]`;
        await page.locator(card).waitFor();
        const touch = cdp!;

        // A quick swipe sideways towards the next stage, with no pause before the finger moves.
        const from = await centre(page, card);
        await finger(touch, 'touchStart', from.x, from.y);
        for (let step = 1; step <= 8; step++) await finger(touch, 'touchMove', from.x + step * 30, from.y);
        await finger(touch, 'touchEnd');

        // A long press, then the drag: the card goes one column right.
        await page.locator(card).scrollIntoViewIfNeeded();
        const start = await centre(page, card);
        await finger(touch, 'touchStart', start.x, start.y);
        await page.waitForTimeout(700);
        await page.locator(`${card}[data-dragging]`).waitFor();
        for (let step = 1; step <= 10; step++) {
          await finger(touch, 'touchMove', start.x + step * 22, start.y + 4);
          await page.waitForTimeout(30);
        }
        await page.locator('[data-testid="board-column-Qualified"][data-drop-target]').waitFor();
        await finger(touch, 'touchEnd');
        await page.getByTestId('notice-success').getByText('"Audit deal" moved to Qualified').waitFor();
      },
      PHONE,
      async (page) => {
        cdp = await touchScreen(page);
      },
    );
    const after = await call<DealDetail>('GET', `/deals/${deal.id}`);
    assert.equal(after.body.stageName, 'Qualified');
    // Created in Lead, then exactly one move: the swipe moved nothing.
    assert.equal(after.body.history.length, 2);
  });

  test('a card is one link; the keyboard moves it, a screen reader hears names, and Undo moves it back', async () => {
    const deal = await newDeal('Undo deal');
    await asOwner(async ({ page }) => {
      await page.goto('/board');
      const card = page.locator('[data-testid="board-column-Lead"] [data-deal-title="Undo deal"]');
      await card.waitFor();
      assert.equal(await card.evaluate((el) => el.tagName), 'A');
      assert.equal(await card.getAttribute('href'), `/deals/${deal.id}`);
      assert.equal(await card.locator('a, button, input, select, textarea, [tabindex]').count(), 0);
      const instructions = await card.getAttribute('aria-describedby');
      assert.match(
        (await page.locator(`[id="${instructions}"]`).textContent()) ?? '',
        /Press Enter to open the deal.*Space to pick it up/,
      );

      // Every announcement dnd-kit's live region makes, in order, as a screen reader would read them.
      await page.evaluate(() => {
        const browser = globalThis as unknown as Announcements;
        const region = browser.document.querySelector('[id^="DndLiveRegion"]');
        browser.said = [];
        new browser.MutationObserver(() => browser.said.push(region?.textContent ?? '')).observe(region, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      const heard = (text: string) =>
        page.waitForFunction((t) => (globalThis as unknown as Announcements).said.includes(t), text);
      await card.focus();
      await page.keyboard.press('Space');
      await heard('Picked up Undo deal, in Lead.');
      await page.keyboard.press('ArrowRight');
      await page.locator('[data-testid="board-column-Qualified"][data-drop-target]').waitFor();
      await heard('Undo deal is over Qualified.');
      await page.keyboard.press('Space');
      await heard('Undo deal moved to Qualified.');
      const said = await page.evaluate(() => (globalThis as unknown as Announcements).said.join(' '));
      assert.doesNotMatch(said, /deal-\d|stage-\d|[Dd]roppable/);

      const notice = page.getByTestId('notice-success').filter({ hasText: '"Undo deal" moved to Qualified' });
      await notice.waitFor();
      assert.equal((await call<DealDetail>('GET', `/deals/${deal.id}`)).body.stageName, 'Qualified');
      await notice.getByRole('button', { name: 'Undo' }).click();
      await page.getByTestId('notice-success').getByText('"Undo deal" is back in Lead').waitFor();
      await page.locator('[data-testid="board-column-Lead"] [data-deal-title="Undo deal"]').waitFor();
    });
    assert.equal((await call<DealDetail>('GET', `/deals/${deal.id}`)).body.stageName, 'Lead');
  });

  test('a deleted deal can be undone; without Undo the delete goes through when its notice goes', async () => {
    const deal = await newDeal('Delete me deal');
    await asOwner(async ({ page }) => {
      async function deleteFromItsPage() {
        await page.goto(`/deals/${deal.id}`);
        await page.getByRole('heading', { name: 'Delete me deal' }).waitFor();
        await page.getByRole('button', { name: 'Delete' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Delete deal' }).click();
        const notice = page.getByTestId('notice-success').filter({ hasText: 'Deal deleted' });
        await notice.waitFor();
        await page.waitForURL(/\/deals$/);
        return notice;
      }

      const first = await deleteFromItsPage();
      await page
        .getByRole('main')
        .getByText('Delete me deal', { exact: true })
        .waitFor({ state: 'detached' });
      await first.getByRole('button', { name: 'Undo' }).click();
      await page.getByTestId('notice-info').getByText('Deal kept').waitFor();
      await page.getByRole('main').getByText('Delete me deal', { exact: true }).waitFor();
      assert.equal((await call('GET', `/deals/${deal.id}`)).status, 200);

      const second = await deleteFromItsPage();
      // The DELETE leaves when the notice goes; wait for the server to have answered it.
      await Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === 'DELETE' && r.url().endsWith(`/deals/${deal.id}`),
        ),
        second.getByRole('button', { name: 'Dismiss message' }).click(),
      ]);
    });
    assert.equal((await call('GET', `/deals/${deal.id}`)).status, 404);
  });

  test('customers survive an export and import round trip; existing emails are skipped or updated', async () => {
    const rita = await call<{ id: number }>('POST', '/customers', {
      name: 'Rita Roundtrip',
      email: 'rita@roundtrip.test',
      phone: '555 0100',
      notes: 'call Mon; Tue',
      tags: ['vip', 'wholesale'],
      assignedTo: 'me',
    });
    assert.equal(rita.status, 201);
    const ritaNow = async () =>
      (await call<{ phone: string; notes: string; assignedTo: number }>('GET', `/customers/${rita.body.id}`))
        .body;
    const me = await call<{ user: { id: number; name: string } }>('GET', '/auth/me');

    await asOwner(async ({ page }) => {
      await page.goto('/customers?q=rita');
      await page.getByRole('main').getByText('Rita Roundtrip', { exact: true }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const exported = readFileSync(await download.path(), 'utf8');
      assert.doesNotMatch(
        exported,
        /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/,
        'times are written as people write them',
      );
      const parsed = Papa.parse<Record<string, string>>(exported.trim(), { header: true });
      assert.equal(parsed.data.length, 1);
      const row = parsed.data[0]!;
      assert.equal(row.Notes, 'call Mon; Tue');
      assert.equal(row['Assigned to'], me.body.user.name);
      assert.equal(row['Created by'], me.body.user.name);
      assert.equal(row.Tags, 'vip; wholesale');

      // The same file with Rita's phone changed, a new customer whose notes hold a line break and a
      // semicolon, and a bad email on the line after it.
      const fields = parsed.meta.fields!;
      const rows = [
        { ...row, Phone: '555 0199' },
        { Name: 'Nina Newline', Email: 'nina@roundtrip.test', Notes: 'first line\nsecond; line' },
        { Name: 'Bad Address', Email: 'not-an-email' },
      ];
      const file = `${Papa.unparse({ fields, data: rows.map((r) => fields.map((f) => (r as Record<string, string>)[f] ?? '')) })}\n`;
      const badLine = file.trimEnd().split('\n').length;

      async function importFile(choice: 'skip' | 'update') {
        await page.getByRole('button', { name: 'Import CSV' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.locator('input[type="file"]').setInputFiles({
          name: 'roundtrip.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(file),
        });
        await dialog.getByTestId('import-preview').getByText('first line').waitFor();
        await dialog.getByRole('button', { name: 'Check 3 rows' }).click();
        const check = dialog.getByTestId('import-check');
        await check.waitFor();
        const problem = check.getByTestId('import-problems').getByRole('row').filter({ hasText: 'email' });
        assert.equal(await problem.getByRole('cell').first().textContent(), String(badLine));
        if (choice === 'update') await check.getByLabel("Update the records with the file's values").check();
        await dialog.getByRole('button', { name: 'Import', exact: true }).click();
        const report = dialog.getByTestId('import-report');
        await report.waitFor();
        const text = (await report.textContent()) ?? '';
        await dialog.getByRole('button', { name: 'Close' }).click();
        return text;
      }

      assert.match(await importFile('skip'), /1 created, 0 updated, 1 skipped/);
      assert.equal((await ritaNow()).phone, '555 0100', 'skipped: left as it was');
      assert.match(await importFile('update'), /0 created, 2 updated, 0 skipped/);
    });

    const after = await ritaNow();
    assert.equal(after.phone, '555 0199');
    assert.equal(after.notes, 'call Mon; Tue');
    assert.equal(after.assignedTo, me.body.user.id);
    const ninas = await call<{ items: { notes: string }[] }>('GET', '/customers?email=nina@roundtrip.test');
    assert.deepEqual(
      ninas.body.items.map((c) => c.notes),
      ['first line\nsecond; line'],
    );
    const ritas = await call<{ items: unknown[] }>('GET', '/customers?email=rita@roundtrip.test');
    assert.equal(ritas.body.items.length, 1, 'never duplicated');
  });

  test('a semicolon file keeps commas in its cells, and money shows in major units', async () => {
    await asOwner(async ({ page }) => {
      await page.goto('/leads');
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[type="file"]').setInputFiles({
        name: 'fair.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('Name;Estimated value;Notes\nMona Money;1200;call Mon, Tue\n'),
      });
      const preview = dialog.getByTestId('import-preview');
      await preview.getByText('Mona Money').waitFor();
      const cells = await preview.getByRole('cell').allTextContents();
      assert.ok(cells.includes('call Mon, Tue'), cells.join(' | '));
      assert.ok(
        cells.some((c) => /^\D*1,200\.00\D*$/.test(c)),
        cells.join(' | '),
      );
      assert.ok(!cells.some((c) => c.includes('120000')));
      await dialog.getByRole('button', { name: 'Check 1 row' }).click();
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      await dialog.getByTestId('import-report').getByText('1 created').waitFor();
    });
    const leads = await call<{ items: { estimatedValue: number; notes: string }[] }>('GET', '/leads?q=mona');
    assert.deepEqual(
      leads.body.items.map((l) => [l.estimatedValue, l.notes]),
      [[120000, 'call Mon, Tue']],
    );
  });
});
