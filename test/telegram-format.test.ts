import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { chunkHtml, escapeHtml, html, joinHtml, MESSAGE_LIMIT, toSafe } from '../src/telegram/format.ts';
import { replyToHtml } from '../src/telegram/markdown.ts';

/** What Telegram would display: tags gone, entities decoded. */
function visible(h: string): string {
  return h
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** True when every `<` starts a tag Telegram knows, every `&` an entity, and tags nest properly. */
function wellFormed(h: string): boolean {
  const stack: string[] = [];
  for (const m of h.matchAll(/<(\/?)([a-z-]+)>|<|&(?:amp|lt|gt|quot);|&/g)) {
    if (m[0] === '<' || m[0] === '&') return false;
    if (!m[2]) continue;
    if (!['b', 'i', 'code', 'pre', 'u', 's'].includes(m[2])) return false;
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}

const hostileChar = fc.constantFrom(
  'a',
  'Z',
  ' ',
  '<',
  '>',
  '&',
  '"',
  "'",
  '*',
  '`',
  '#',
  '-',
  '/',
  'é',
  '😀',
  '\u200b',
  ';',
  '\n',
);

describe('Telegram HTML', () => {
  test('escapes every character Telegram HTML gives meaning to', () => {
    assert.equal(escapeHtml('<b>Tom & "Jerry"</b>'), '&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;');
    assert.equal(escapeHtml('&amp;'), '&amp;amp;', 'an entity typed by a person is shown, not decoded');
  });

  test('values put into the html template are escaped; trusted fragments are not', () => {
    const name = '<script>alert(1)</script> & Co';
    const bold = html`<b>${name}</b>`;
    assert.equal(bold.html, '<b>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</b>');
    assert.equal(html`Hi ${bold}`.html, `Hi ${bold.html}`);
    assert.equal(joinHtml([html`a`, '<x>', null, 7]).html, 'a\n&lt;x&gt;\n7');
  });
});

describe('cutting long messages', () => {
  const lines = fc.array(
    fc.string({ unit: hostileChar.filter((c) => c !== '\n'), minLength: 5, maxLength: 120 }),
    { minLength: 3, maxLength: 60 },
  );

  test('every piece fits, is valid HTML on its own, and together they hold the whole text', () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 40, max: 400 }), (ls, limit) => {
        const source = toSafe(ls.join('\n'));
        const chunks = chunkHtml(source, limit);
        for (const c of chunks) {
          assert.ok(c.length <= limit, `${c.length} > ${limit}`);
          assert.ok(wellFormed(c), c);
          assert.ok(visible(c).trim() !== '', 'no empty message');
        }
        const squash = (s: string) => s.replace(/\s+/g, '');
        assert.equal(squash(chunks.map(visible).join('')), squash(visible(source.html)));
      }),
      { numRuns: 400 },
    );
  });

  test('lines that fit are never split, so list items stay whole', () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 130, max: 600 }), (ls, limit) => {
        const source = toSafe(ls.map((l) => `• ${l}`).join('\n'));
        const chunks = chunkHtml(source, limit).map(visible);
        for (const line of visible(source.html).split('\n')) {
          if (line.trim() === '•' || line.trim() === '') continue;
          assert.ok(
            chunks.some((c) => c.includes(line.trimEnd())),
            `line split: ${JSON.stringify(line)}`,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a reply of a hundred deals becomes a few messages under 4096 characters, cut between items', () => {
    const items = Array.from(
      { length: 100 },
      (_, i) =>
        `• Deal #${i + 1} **<Acme & Sons ${i}>** worth $${(i + 1) * 1000}.00 — stage Negotiation, owner Ada`,
    );
    const chunks = chunkHtml(replyToHtml(`Your deals:\n${items.join('\n')}`));
    assert.ok(chunks.length > 1);
    for (const c of chunks) {
      assert.ok(c.length <= MESSAGE_LIMIT);
      assert.ok(c.startsWith('Your deals:') || c.startsWith('• Deal #'), c.slice(0, 40));
      assert.match(c, /\.00 — stage Negotiation, owner Ada$/);
    }
  });

  test('a single line longer than a message is cut at spaces and its tags are closed and reopened', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkHtml(html`<b>${words}</b>`, 60);
    assert.ok(chunks.length > 2);
    for (const c of chunks) {
      assert.match(c, /^<b>.*<\/b>$/);
      assert.ok(c.length <= 60);
      assert.doesNotMatch(visible(c), /word\d+word/);
    }
  });

  test('a word longer than a message is cut between characters, never inside an entity or emoji', () => {
    const chunks = chunkHtml(escapeHtml('&😀'.repeat(100)), 50);
    for (const c of chunks) {
      assert.ok(c.length <= 50);
      assert.ok(wellFormed(c), c);
      assert.doesNotMatch(c, /[\ud800-\udbff]$/, 'no lone high surrogate at the end');
      assert.doesNotMatch(c, /^[\udc00-\udfff]/, 'no lone low surrogate at the start');
    }
  });
});
