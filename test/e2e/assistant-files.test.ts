import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, openBrowser, type Site, signIn, startSite } from './browser.ts';

interface DataTransferLike {
  items: { add(file: File): void };
}

/** A file dropped on (or picked in) the assistant panel: a CSV becomes an import that waits for Confirm. */
describe('assistant panel: files', { timeout: 300_000 }, () => {
  let site: Site;
  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  test('a CSV dropped on the panel is previewed, and Confirm imports it', async () => {
    const visitor = await openBrowser(site);
    try {
      await signIn(visitor, 'owner@acme.test');
      const { page } = visitor;
      await page.getByTestId('assistant-toggle').click();
      const panel = page.getByTestId('assistant-panel');
      const message = panel.getByLabel('Message the assistant');
      await message.waitFor();

      // A file it cannot read is turned away before anything is sent.
      await panel.locator('input[type=file]').setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('hello'),
      });
      await panel.getByText('notes.txt is neither a photo nor a CSV file', { exact: false }).waitFor();
      assert.equal(await panel.getByTestId('assistant-file').count(), 0);

      const csv =
        'Name,Email,Company\n"Drop; Dana",dana@dropped.test,Fairground Ltd\nEli Early,eli@dropped.test,\n';
      const transfer = await page.evaluateHandle((text) => {
        // Runs in the page, where DataTransfer exists; Node's types do not know it.
        const Transfer = (globalThis as unknown as { DataTransfer: new () => DataTransferLike }).DataTransfer;
        const data = new Transfer();
        data.items.add(new File([text], 'fair-leads.csv', { type: 'text/csv' }));
        return data;
      }, csv);
      await panel.dispatchEvent('dragover', { dataTransfer: transfer });
      await panel.dispatchEvent('drop', { dataTransfer: transfer });
      await panel.getByTestId('assistant-file').getByText('fair-leads.csv').waitFor();
      await message.fill('import these leads');
      await message.press('Enter');

      const card = panel.getByTestId('assistant-confirmation');
      await card.getByText('Import 2 leads').waitFor();
      await panel.getByText('fair-leads.csv: 2 leads.').waitFor();
      await card.getByRole('button', { name: 'Confirm' }).click();
      await panel.getByText('Imported 2 leads.').waitFor();

      const api = await apiSession(site, 'owner@acme.test');
      const found = await api.get<{ items: { name: string; company: string }[] }>('/leads?q=Dana');
      assert.deepEqual(
        found.items.map((l) => [l.name, l.company]),
        [['Drop; Dana', 'Fairground Ltd']],
      );
      visitor.assertNoConsoleErrors();
    } finally {
      await visitor.close();
    }
  });
});
