import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { chunkHtml, MESSAGE_LIMIT } from '../src/telegram/format.ts';
import { replyToHtml } from '../src/telegram/markdown.ts';

/** Tags Telegram's HTML mode accepts, as this renderer may write them. */
const OPEN_TAG =
  /^<(b|i|u|s|code|pre|blockquote)>$|^<a href="[^"<>]*">$|^<code class="language-[A-Za-z0-9_+#.-]+">$/;

/**
 * Whether Telegram would accept the HTML: only its tags, balanced; every `<` a tag and every `&` an entity;
 * nothing inside code, code only directly in pre besides inline, no quote inside a quote, no empty tag.
 */
function telegramValid(h: string): string | null {
  const stack: string[] = [];
  let last = -1;
  for (const m of h.matchAll(/<\/?[^<>]*>|<|>|&(?:amp|lt|gt|quot);|&/g)) {
    const token = m[0];
    if (token === '<' || token === '>' || token === '&') return `raw ${token} at ${m.index}`;
    if (token.startsWith('&')) continue;
    if (token.startsWith('</')) {
      const name = token.slice(2, -1);
      if (stack.pop() !== name) return `unbalanced ${token}`;
      if (last === m.index) return `empty <${name}>`;
      continue;
    }
    if (!OPEN_TAG.test(token)) return `tag ${token}`;
    const name = /^<([a-z]+)/.exec(token)![1]!;
    const parent = stack.at(-1);
    if (parent === 'code' || (parent === 'pre' && name !== 'code')) return `${name} inside ${parent}`;
    if (name === 'blockquote' && stack.includes('blockquote')) return 'quote in a quote';
    if (token.includes('class=') && parent !== 'pre') return 'a language outside pre';
    stack.push(name);
    last = m.index + token.length;
  }
  return stack.length === 0 ? null : `unclosed ${stack.join(',')}`;
}

const piece = fc.constantFrom(
  'a',
  'Word',
  ' ',
  '\n',
  '\n\n',
  '*',
  '**',
  '_',
  '~~',
  '`',
  '```',
  '```js\n',
  '# ',
  '## ',
  '- ',
  '* ',
  '1. ',
  '  ',
  '> ',
  '|',
  '| a | b |\n|---|---|\n| 1 | 2 |\n',
  '---',
  '[',
  '](',
  ')',
  'https://example.com/?a=1&b="2"',
  'javascript:alert(1)',
  '<',
  '>',
  '<b>',
  '</i>',
  '<a href="x">',
  '&',
  '&amp;',
  '"',
  "'",
  '\\',
  '😀',
  'é',
  '\u200b',
);
const markdown = fc.array(piece, { maxLength: 200 }).map((parts) => parts.join(''));

describe('Markdown from models in Telegram', () => {
  test('any Markdown gives Telegram HTML it accepts, in messages of at most 4096 characters', () => {
    fc.assert(
      fc.property(markdown, fc.integer({ min: 1, max: 40 }), (md, times) => {
        const text = md.repeat(times);
        for (const chunk of chunkHtml(replyToHtml(text))) {
          assert.ok(chunk.length <= MESSAGE_LIMIT, `${chunk.length} characters`);
          const problem = telegramValid(chunk);
          assert.equal(problem, null, `${problem}: ${chunk.slice(0, 300)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the marks models write become Telegram tags', () => {
    const html = (md: string) => replyToHtml(md).html;
    assert.equal(
      html('*italic* **bold** ~~gone~~ `x<y`'),
      '<i>italic</i> <b>bold</b> <s>gone</s> <code>x&lt;y</code>',
    );
    assert.equal(
      html('[the deal](https://crm.example.com/deals/3?a=1&b=2)'),
      '<a href="https://crm.example.com/deals/3?a=1&amp;b=2">the deal</a>',
    );
    assert.equal(html('[click](javascript:alert(1))'), 'click', 'only web, tg and mail links');
    assert.equal(
      html('```ts\nconst a = 1 < 2;\n```'),
      '<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>',
    );
    assert.equal(html('```\nplain\n```'), '<pre>plain</pre>');
    assert.equal(
      html('## Deals\n- **Acme** <big>\n- two\n  1. nested'),
      '<b>Deals</b>\n\n• <b>Acme</b> &lt;big&gt;\n• two\n  1. nested',
    );
    assert.equal(html('> said\n> > again'), '<blockquote>said\n\nagain</blockquote>');
    assert.equal(
      html('| Deal | Value |\n|---|---|\n| Acme | $3,000 |'),
      '<pre>Deal | Value\n-----+-------\nAcme | $3,000</pre>',
    );
  });

  test('plain replies keep their words and their lines', () => {
    const reply = '2 deals:\n• #3 Website <redesign> · $5,000.00 · Lead\n• #4 Acme & Sons · Proposal';
    assert.equal(
      replyToHtml(reply).html,
      '2 deals:\n• #3 Website &lt;redesign&gt; · $5,000.00 · Lead\n• #4 Acme &amp; Sons · Proposal',
    );
  });

  test('a long code block is cut into messages that each stay a code block', () => {
    const code = Array.from({ length: 400 }, (_, i) => `line ${i} < ${i + 1} && true`).join('\n');
    const chunks = chunkHtml(replyToHtml(`Here:\n\n\`\`\`sql\n${code}\n\`\`\``));
    assert.ok(chunks.length > 1);
    for (const chunk of chunks.slice(1))
      assert.match(chunk, /^<pre><code class="language-sql">[\s\S]*<\/code><\/pre>$/);
    for (const chunk of chunks) assert.equal(telegramValid(chunk), null);
  });
});
