import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openBrowser, type Site, signIn, startSite } from './browser.ts';

/** The assistant panel as each role meets it: examples it may ask, tables in words, typed answers. */
describe('assistant panel', { timeout: 300_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  test('a customer is offered their own requests and reads their orders in words', async () => {
    const visitor = await openBrowser(site);
    try {
      await signIn(visitor, 'customer@acme.test');
      const { page } = visitor;
      await page.getByTestId('assistant-toggle').click();
      const panel = page.getByTestId('assistant-panel');
      const message = panel.getByLabel('Message the assistant');
      assert.equal(await message.getAttribute('placeholder'), 'Ask anything, e.g. Show my orders');
      await panel.getByRole('button', { name: 'Show my orders' }).waitFor();
      assert.equal(await panel.getByRole('button', { name: /deals/i }).count(), 0, 'no deals for a customer');

      await panel.getByRole('button', { name: 'Show my orders' }).click();
      const table = panel.getByTestId('assistant-table');
      await table.waitFor();
      const headings = await table.locator('th').allInnerTexts();
      assert.ok(!headings.some((h) => /id$/i.test(h.trim())), headings.join(', '));
      assert.ok(headings.includes('Customer'), headings.join(', '));
      await table.getByText('Carlos Mendes').first().waitFor();
      assert.doesNotMatch((await table.textContent()) ?? '', /\d{4}-\d{2}-\d{2}T|\btrue\b|\bfalse\b/);

      await message.fill('Show my deals');
      await message.press('Enter');
      await panel.getByText("Customers can't see deals here.").waitFor();
      assert.equal(await panel.getByText("Customers can't see deals here.").count(), 1, 'said once');

      await message.fill('Create a support issue: my order arrived damaged');
      await message.press('Enter');
      const card = panel.getByTestId('assistant-confirmation');
      await card.getByRole('button', { name: 'Confirm' }).waitFor();
      await message.fill('no');
      await message.press('Enter');
      await card.getByText('Cancelled').waitFor();
      assert.equal(await card.getByRole('button', { name: 'Confirm' }).count(), 0, 'the typed no settled it');
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  });
});
