import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, type TestContext, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openBrowser, type Site, signIn, startSite, type Visitor } from './browser.ts';

/**
 * WCAG 2.2 AA in the browser: axe-core on every page for every role, in the light and the dark scheme; the
 * colour-scheme switch; the skip link; and no console errors anywhere, signed out included.
 */

// Evaluated through the DevTools protocol: the app's Content-Security-Policy (rightly) refuses script tags.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const AREAS = ['customers', 'leads', 'deals', 'issues', 'orders', 'payments', 'activities'] as const;

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Runs axe on the page as it is now; injects it first when this document has not got it yet. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(AXE_SOURCE);
  // Written as page-side source: these tests compile without the DOM's types.
  return page.evaluate<AxeViolation[]>(`axe
    .run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })
    .then((result) => result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    })))`);
}

/**
 * Inputs named by nothing but their placeholder, which axe accepts but which vanishes as soon as one types:
 * each needs a label of its own, visible or `aria-label`.
 */
const PLACEHOLDER_ONLY = `[...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
  .filter((el) => !el.closest('[aria-hidden="true"]') && el.labels.length === 0
    && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map((el) => el.outerHTML.slice(0, 160))`;

/** Requests the page has sent and not yet had answered; a page is settled when there are none. */
function trackRequests(page: Page): () => number {
  let open = 0;
  page.on('request', () => open++);
  page.on('requestfinished', () => open--);
  page.on('requestfailed', () => open--);
  return () => open;
}

/** Moves within the app as a click on a link does (no reload, so axe stays injected). */
async function goTo(page: Page, path: string, pending: () => number): Promise<void> {
  await page.evaluate(`window.history.pushState(null, '', ${JSON.stringify(path)});
    window.dispatchEvent(new Event('parley:navigated'))`);
  await page.locator('main h1').first().waitFor();
  // Loaded: nothing in flight and no skeleton for a moment (lists and charts render after their data).
  for (let quiet = 0; quiet < 3; ) {
    await page.waitForTimeout(150);
    const busy = pending() > 0 || (await page.locator('[data-testid="skeleton"]').count()) > 0;
    quiet = busy ? 0 : quiet + 1;
  }
}

function describeViolation(v: AxeViolation): string {
  const where = v.nodes
    .slice(0, 3)
    .map((n) => n.target.join(' '))
    .join(', ');
  // Contrast findings carry the colours and the ratio, which is what a fix needs.
  const why = v.id === 'color-contrast' ? ` ${v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ')}` : '';
  return `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×: ${where})${why}`;
}

/** Every page a role can open: home, each list it may read with a record of it, settings, a bad address. */
async function pagesFor(site: Site, email: string): Promise<string[]> {
  const login = await fetch(`${site.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
    body: JSON.stringify({ email, password: 'parley-demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  const me = (await (
    await fetch(`${site.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { role: string };
  const pages = ['/'];
  for (const area of AREAS) {
    const res = await fetch(`${site.url}/api/v1/${area}?limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) continue;
    const { items } = (await res.json()) as { items: { id: number }[] };
    pages.push(`/${area}`);
    if (items[0]) pages.push(`/${area}/${items[0].id}`);
  }
  if (me.role === 'owner') pages.push('/customers/new', '/deals/new', '/orders/new', '/activities/new');
  if (me.role === 'customer') pages.push('/issues/new');
  else pages.push('/board');
  const tabs =
    me.role === 'owner'
      ? ['profile', 'tokens', 'telegram', 'members', 'organization', 'pipelines', 'audit']
      : ['profile', 'tokens', 'telegram'];
  pages.push(...tabs.map((tab) => `/settings/${tab}`), '/no-such-page');
  return pages;
}

describe('accessibility', { timeout: 600_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  /** Checks every page of a role with axe; reports every finding, fails on serious and critical ones. */
  async function auditRole(t: TestContext, email: string, scheme: 'light' | 'dark', only?: string[]) {
    const visitor = await openBrowser(site);
    try {
      await visitor.page.emulateMedia({ colorScheme: scheme });
      const pending = trackRequests(visitor.page);
      await signIn(visitor, email);
      const blocking: string[] = [];
      for (const path of only ?? (await pagesFor(site, email))) {
        await goTo(visitor.page, path, pending);
        for (const input of await visitor.page.evaluate<string[]>(PLACEHOLDER_ONLY)) {
          blocking.push(`${email} ${scheme} ${path}: an input with no label: ${input}`);
        }
        for (const v of await axeViolations(visitor.page)) {
          const line = `${email} ${scheme} ${path}: ${describeViolation(v)}`;
          t.diagnostic(line);
          if (BLOCKING.has(v.impact ?? '')) blocking.push(line);
        }
      }
      assert.deepEqual(blocking, [], 'serious or critical accessibility violations');
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  }

  test('signed out: the sign-in page passes axe and the session check logs no error', async (t) => {
    const visitor = await openBrowser(site);
    try {
      await visitor.page.goto('/');
      await visitor.page.getByRole('button', { name: 'Sign in' }).waitFor();
      await visitor.page.waitForLoadState('networkidle');
      const violations = await axeViolations(visitor.page);
      for (const v of violations) t.diagnostic(`signed out /: ${describeViolation(v)}`);
      assert.deepEqual(
        violations.filter((v) => BLOCKING.has(v.impact ?? '')).map(describeViolation),
        [],
        'serious or critical accessibility violations',
      );
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  });

  for (const email of ['owner@acme.test', 'employee@acme.test', 'customer@acme.test']) {
    test(`every page passes axe for ${email}, with no console errors`, (t) => auditRole(t, email, 'light'));
  }

  test('the main pages pass axe in the dark scheme too', async (t) => {
    await auditRole(t, 'owner@acme.test', 'dark', [
      '/',
      '/deals',
      '/board',
      '/settings/pipelines',
      '/no-such-page',
    ]);
    await auditRole(t, 'customer@acme.test', 'dark', ['/', '/orders']);
  });

  /** Waits for the page to show `want` (the switch and the system's change apply on the next render). */
  async function expectScheme(visitor: Visitor, want: 'light' | 'dark', why: string): Promise<void> {
    const shown = "document.documentElement.getAttribute('data-mantine-color-scheme')";
    await visitor.page
      .waitForFunction(`${shown} === ${JSON.stringify(want)}`, undefined, { timeout: 5_000 })
      .catch(() => undefined);
    assert.equal(await visitor.page.evaluate(shown), want, why);
  }

  test('the dark scheme follows the system until the person chooses, and the choice survives a reload', async () => {
    const visitor = await openBrowser(site);
    try {
      const { page } = visitor;
      await page.emulateMedia({ colorScheme: 'dark' });
      await signIn(visitor, 'owner@acme.test');
      await expectScheme(visitor, 'dark', 'a dark system gives the dark scheme');
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      assert.equal(background, 'rgb(36, 36, 36)', 'the page itself is dark');
      await page.getByTestId('pipeline-chart').locator('.recharts-bar-rectangle').first().waitFor();
      await visitor.screenshot('dashboard-dark');

      await page.emulateMedia({ colorScheme: 'light' });
      await expectScheme(visitor, 'light', 'the system turning light is followed');

      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitemradio', { name: 'Dark' }).click();
      await expectScheme(visitor, 'dark', 'the switch turns the app dark');
      await page.reload();
      await page.getByTestId('user-menu').waitFor();
      await expectScheme(visitor, 'dark', 'the choice is remembered over the light system');

      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitemradio', { name: 'Match the system' }).click();
      await expectScheme(visitor, 'light', 'back to following the system');
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  });

  test('the first Tab reaches a skip link that moves focus to the main content', async () => {
    const visitor = await openBrowser(site);
    try {
      const { page } = visitor;
      await signIn(visitor, 'employee@acme.test');
      // A fresh load, as someone arriving at a page: nothing has focus yet.
      await page.goto('/deals');
      await page.locator('main h1').waitFor();
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to main content' });
      assert.ok(
        await skip.evaluate((el) => el === el.ownerDocument.activeElement),
        'the skip link has focus',
      );
      assert.ok(await skip.isVisible(), 'the focused skip link can be seen');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate('document.activeElement.tagName'), 'MAIN');
      await page.keyboard.press('Tab');
      assert.ok(
        await page.evaluate("document.querySelector('main').contains(document.activeElement)"),
        'the next Tab stays in the main content',
      );
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  });
});
