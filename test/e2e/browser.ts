import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { buildWebIfNeeded, WEB_DIST } from '../../web/build.ts';

/**
 * The web app as people use it: the built SPA, served by the real server on a fresh SQLite file with the demo
 * organization, driven in Debian's headless chromium.
 */

export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Site {
  url: string;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * `npm test` builds the web app before any file runs; a file run on its own with a stale build rebuilds it,
 * one process at a time (files run side by side would otherwise empty web/dist under each other's server).
 */
async function webBuilt(): Promise<void> {
  const lock = join(
    tmpdir(),
    `parley-web-build-${createHash('sha256').update(WEB_DIST).digest('hex').slice(0, 12)}`,
  );
  // A lock left by a killed run is taken over after a while rather than waited on for ever.
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; await pause(250)) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  try {
    await buildWebIfNeeded();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `settings` adds to or overrides the configuration (e.g. SMTP_URL for a fake mail server). */
export async function startSite(settings: Record<string, string> = {}): Promise<Site> {
  await webBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'parley.db')}`,
    DEMO_DATA: 'on',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // Each browser comes from an address of its own (see clientAddress), as real visitors do.
    TRUST_PROXY: 'true',
    ...settings,
  });
  const server = await startServer(config, () => {});
  const port = new URL(server.url).port;
  openSites++;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      if (--openSites === 0) await closeBrowser();
    },
  };
}

/**
 * One chromium per test file, started on first use and closed with the file's last site: launching it is the
 * dearest step of a visit, and a fresh context per visitor isolates cookies and storage just as a fresh profile.
 */
let browser: Promise<Browser> | undefined;
let openSites = 0;

function sharedBrowser(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return browser;
}

async function closeBrowser(): Promise<void> {
  const closing = browser;
  browser = undefined;
  await (await closing)?.close();
}

export interface Visitor {
  page: Page;
  /** Requests whose refusal the test provokes on purpose; the browser logs those as console errors. */
  expectFailedRequest(path: RegExp): void;
  /** Fails the test on any console error or uncaught exception the page had. */
  assertNoConsoleErrors(): void;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

let visitors = 0;

/** Sign-ins are rate limited per address; a suite signing in many people must not look like one guesser. */
function clientAddress(): string {
  visitors++;
  return `10.0.${Math.floor(visitors / 250)}.${(visitors % 250) + 1}`;
}

/** A browser context of its own (no cookies or storage carry over between people). */
export async function openBrowser(site: Site, viewport = DESKTOP): Promise<Visitor> {
  const context = await (await sharedBrowser()).newContext({
    viewport,
    baseURL: site.url,
    acceptDownloads: true,
    extraHTTPHeaders: { 'x-forwarded-for': clientAddress() },
  });
  const page = await context.newPage();
  // Generous: in CI the browser shares the machine with the rest of the suite.
  page.setDefaultTimeout(30_000);
  const expected: RegExp[] = [];
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const source = message.location().url;
    const expectedRefusal =
      message.text().startsWith('Failed to load resource') &&
      expected.some((p) => p.test(new URL(source).pathname));
    if (!expectedRefusal) problems.push(`console: ${message.text()} (${source})`);
  });
  return {
    page,
    expectFailedRequest: (path) => expected.push(path),
    assertNoConsoleErrors() {
      assert.deepEqual(problems, [], 'the page logged errors');
    },
    async screenshot(name) {
      // Nothing hovered (a chart tooltip would cover the chart), nothing still loading.
      await page.mouse.move(0, 0);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
    },
    async close() {
      await context.close();
    },
  };
}

export async function signIn(visitor: Visitor, email: string, password = 'parley-demo'): Promise<void> {
  const { page } = visitor;
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').waitFor();
}

/** Signs in through the API (for setting up data the test then looks at in the browser). */
export async function apiSession(site: Site, email: string, password = 'parley-demo') {
  const login = await fetch(`${site.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress() },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(login.status, 200, `sign-in as ${email}`);
  const { token, user } = (await login.json()) as { token: string; user: { id: number } };
  return {
    userId: user.id,
    async get<T>(path: string): Promise<T> {
      const res = await fetch(`${site.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, `GET ${path}`);
      return (await res.json()) as T;
    },
  };
}

/** Drags with the mouse in small steps, as dnd-kit's pointer sensor needs to see a drag begin. */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  assert.ok(start && end, 'both ends of the drag are on screen');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 10, start.y + start.height / 2, { steps: 3 });
  await page.mouse.move(end.x + end.width / 2, end.y + 60, { steps: 12 });
  await page.mouse.up();
}
