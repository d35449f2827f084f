import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { startTestApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { createTenant, type Tenant } from './support/tenants.ts';

/**
 * A CSV sent to the assistant over REST: the import preview, the import proposed and run only on a yes, the
 * same checks and assignment rule as the web's import, and a clear reply for every file it cannot use.
 */

const b64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64');
const csvFile = (text: string, name = 'contacts.csv') => ({ name, mediaType: 'text/csv', data: b64(text) });

onEachDatabase('assistant: CSV files become imports', ({ db }) => {
  let api: TestApp;
  let t: Tenant;

  before(async () => {
    api = await startTestApp(db());
    t = await createTenant(db());
  });

  const send = (token: string, text: string, attachment?: unknown) =>
    api.call('POST', '/api/v1/assistant/messages', { token, body: { text, attachment } });
  const decide = (token: string, id: string, approve: boolean) =>
    api.call('POST', `/api/v1/assistant/confirmations/${id}`, { token, body: { approve } });
  const leadsNamed = async (q: string) =>
    (await api.call('GET', `/api/v1/leads?q=${encodeURIComponent(q)}`, { token: t.owner.token })).body
      .items as { id: number; name: string; email: string | null; assignedTo: number | null }[];

  test('a leads CSV is previewed, proposed, and imported on Confirm with the existing one skipped', async () => {
    const existing = await api.call('POST', '/api/v1/leads', {
      token: t.owner.token,
      body: { name: 'Already Here', email: 'already@import.test' },
    });
    assert.equal(existing.status, 201);
    const csv = [
      'Name,E-mail,Company,Notes,Estimated value,Favourite colour',
      '"Rossi; Maria",maria@import.test,Blue Harbor,"Met at the fair',
      'wants a demo",1200,blue',
      'Someone Else,ALREADY@import.test,Other Co,,,green',
      'Bad Address,not-an-email,,,,red',
      'Pete Plain,pete@import.test,,,,',
    ].join('\r\n');
    const turn = await send(t.employee.token, 'import these leads', csvFile(csv));
    assert.equal(turn.status, 200, JSON.stringify(turn.body));
    const { reply, confirmation } = turn.body;
    assert.match(reply, /contacts\.csv: 4 leads\./);
    assert.match(reply, /• 2 new/);
    assert.match(reply, /• 1 already exist \(same email\) and will be skipped/);
    assert.match(reply, /• 1 with problems, left out:\n {2}– row 4: Email: /);
    assert.match(reply, /Columns not imported: Favourite colour\./);
    assert.deepEqual(confirmation.summary, [
      'Import 2 leads (1 existing skipped, 1 row with problems left out)',
    ]);
    assert.equal((await leadsNamed('Rossi')).length, 0, 'nothing is written before the yes');

    const done = await decide(t.employee.token, confirmation.id, true);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.actions[0].status, 'done');
    assert.match(done.body.reply, /^Imported 2 leads\./);
    assert.match(done.body.reply, /1 already existed \(same email\) and was left alone\./);
    assert.match(done.body.reply, /1 row was not imported:\n– row 4: Email: /);

    const [maria] = await leadsNamed('Rossi');
    assert.ok(maria, 'the lead with a ; in its quoted name exists');
    const full = (await api.call('GET', `/api/v1/leads/${maria.id}`, { token: t.owner.token })).body;
    assert.equal(full.name, 'Rossi; Maria');
    assert.equal(full.email, 'maria@import.test');
    assert.equal(full.company, 'Blue Harbor');
    assert.equal(full.notes, 'Met at the fair\r\nwants a demo');
    assert.equal(full.estimatedValue, 120_000);
    assert.equal(full.assignedTo, t.employee.userId, 'an employee imports to themselves, as on the web');
    assert.equal((await leadsNamed('Pete Plain')).length, 1);
    assert.equal((await leadsNamed('Someone Else')).length, 0, 'the existing email was skipped');
    assert.equal((await leadsNamed('Bad Address')).length, 0);
    const audit = await api.call('GET', `/api/v1/audit?entity=lead&entityId=${maria.id}`, {
      token: t.owner.token,
    });
    assert.equal(audit.body.items[0].via, 'assistant');
  });

  test('the kind comes from the columns when the caption says none, and Cancel imports nothing', async () => {
    const csv = 'Full name;Email;City;Postal code\nCancelled Carla;carla@import.test;Lyon;69001\n';
    const turn = await send(t.owner.token, '', csvFile(csv, 'export.csv'));
    assert.equal(turn.status, 200, JSON.stringify(turn.body));
    assert.deepEqual(turn.body.confirmation.summary, ['Import 1 customer']);
    const cancelled = await decide(t.owner.token, turn.body.confirmation.id, false);
    assert.match(cancelled.body.reply, /Nothing was changed/);
    const found = await api.call('GET', '/api/v1/customers?q=Carla', { token: t.owner.token });
    assert.equal(found.body.items.length, 0);
  });

  test('a customer is refused politely and nothing is proposed', async () => {
    const turn = await send(t.customer.token, 'import these leads', csvFile('Name\nSneaky Sam\n'));
    assert.equal(turn.status, 200, JSON.stringify(turn.body));
    assert.equal(turn.body.reply, 'Your role cannot import customers or leads.');
    assert.equal(turn.body.confirmation, undefined);
    assert.equal((await leadsNamed('Sneaky')).length, 0);
  });

  test('files it cannot import get a clear reply, never a proposal', async () => {
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty.csv', '', /empty\.csv is empty/],
      ['header.csv', 'Name,Email\n', /has a header line but no rows/],
      ['binary.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14]), /does not look like a CSV/],
      [
        'nameless leads.csv',
        'Email,Company\nx@y.test,Acme\n',
        /could not find a Name column.*Email, Company/,
      ],
      ['things.csv', 'Name,Email\nAnn,ann@things.test\n', /customers or leads\?/],
    ];
    for (const [name, content, expected] of cases) {
      const turn = await send(t.owner.token, '', { name, mediaType: 'text/csv', data: b64(content) });
      assert.equal(turn.status, 200, `${name}: ${JSON.stringify(turn.body)}`);
      assert.match(turn.body.reply, expected, name);
      assert.equal(turn.body.confirmation, undefined, name);
    }
  });

  test('a file longer than a chat import takes is refused with the way to import it', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `Lead ${i},lead${i}@big.test`);
    const turn = await send(t.owner.token, 'leads', csvFile(['Name,Email', ...rows].join('\n')));
    assert.equal(turn.status, 200);
    assert.match(turn.body.reply, /5,001 rows; I import at most 5,000 from a chat/);
    assert.equal(turn.body.confirmation, undefined);
  });

  test('"update" in the caption updates the existing records instead of skipping them', async () => {
    await api.call('POST', '/api/v1/leads', {
      token: t.owner.token,
      body: { name: 'Update Me', email: 'update@import.test' },
    });
    const csv = 'Name,Email,Company\nUpdate Me,update@import.test,New Company\n';
    const turn = await send(t.owner.token, 'import and update these leads', csvFile(csv));
    assert.deepEqual(turn.body.confirmation.summary, ['Import 0 leads (1 existing updated)']);
    const done = await decide(t.owner.token, turn.body.confirmation.id, true);
    assert.match(done.body.reply, /Updated 1 existing\./);
    const [lead] = await leadsNamed('Update Me');
    const full = (await api.call('GET', `/api/v1/leads/${lead!.id}`, { token: t.owner.token })).body;
    assert.equal(full.company, 'New Company');
  });

  test('REST: bad or oversized files are 400 or 413 with a clear message', async () => {
    const pdf = await send(t.owner.token, 'read this', {
      name: 'terms.pdf',
      mediaType: 'application/pdf',
      data: b64('%PDF-1.4'),
    });
    assert.equal(pdf.status, 400);
    assert.match(pdf.body.error.message, /photos \(business cards\), voice notes and CSV files/);
    const notBase64 = await send(t.owner.token, '', { name: 'x.csv', mediaType: 'text/csv', data: '@@@' });
    assert.equal(notBase64.status, 400);
    assert.match(JSON.stringify(notBase64.body), /base64/);
    const noWords = await send(t.owner.token, '');
    assert.equal(noWords.status, 400);
    const huge = 'A'.repeat(28 * 1024 * 1024);
    const tooLarge = await send(t.owner.token, '', { name: 'big.csv', mediaType: 'text/csv', data: huge });
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.error.code, 'payload_too_large');
  });

  test('REST: a photo reaches the assistant and is answered', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const turn = await send(t.owner.token, '', { name: 'card.png', mediaType: 'image/png', data: b64(png) });
    assert.equal(turn.status, 200, JSON.stringify(turn.body));
    assert.ok(turn.body.reply.length > 0);
    const history = await api.call('GET', '/api/v1/assistant/conversation', { token: t.owner.token });
    assert.ok(history.body.messages.some((m: { content: string }) => m.content === '(a photo)'));
  });
});
