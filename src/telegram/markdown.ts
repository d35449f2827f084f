import { lexer, type Token, type Tokens } from 'marked';
import { escapeHtml, SafeHtml } from './format.ts';

/**
 * Markdown as models write it, turned into the HTML subset Telegram accepts: b, i, s, code, pre (with
 * code.language-x), a href and blockquote. marked reads the Markdown; this renderer writes each token as
 * one of those tags or as escaped text, so whatever the input, the output has only balanced allowed tags.
 * Lists become lines with bullets and tables a monospaced block, since Telegram has neither.
 */

/** Link targets Telegram opens; anything else (javascript:, relative paths) is shown as text. */
const SAFE_LINK = /^(https?:\/\/|tg:\/\/|mailto:)/i;

/** The code-block language as a class name: letters, digits and a few marks only, so it cannot break the tag. */
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,30}$/;

function inline(tokens: readonly Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'strong':
      return wrap('b', inline((token as Tokens.Strong).tokens));
    case 'em':
      return wrap('i', inline((token as Tokens.Em).tokens));
    case 'del':
      return wrap('s', inline((token as Tokens.Del).tokens));
    case 'codespan':
      return wrap('code', escapeHtml((token as Tokens.Codespan).text));
    case 'br':
      return '\n';
    case 'link': {
      const link = token as Tokens.Link;
      const text = inline(link.tokens) || escapeHtml(link.href);
      return SAFE_LINK.test(link.href) ? `<a href="${escapeHtml(link.href)}">${text}</a>` : text;
    }
    case 'image':
      return escapeHtml((token as Tokens.Image).text || (token as Tokens.Image).href);
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeHtml(text.text);
    }
    default:
      // escape, html and anything newer: the characters as written, escaped.
      return escapeHtml('text' in token && typeof token.text === 'string' ? token.text : token.raw);
  }
}

/** A tag around content, left out when the content is empty (Telegram refuses empty entities). */
function wrap(tag: string, content: string, open = `<${tag}>`): string {
  return content.trim() === '' ? content : `${open}${content}</${tag}>`;
}

function listLines(list: Tokens.List, depth: number, quoted: boolean): string[] {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items.flatMap((item, i) => {
    const mark = list.ordered ? `${start + i}.` : item.task ? (item.checked ? '☑' : '☐') : '•';
    const indent = '  '.repeat(depth);
    const [first, ...rest] = item.tokens.flatMap((t) =>
      t.type === 'list' ? listLines(t as Tokens.List, depth + 1, quoted) : block(t, quoted).split('\n'),
    );
    return [`${indent}${mark} ${first ?? ''}`, ...rest.filter((l) => l.trim() !== '')];
  });
}

/** A table as aligned columns in a monospaced block, the closest Telegram has. */
function table(t: Tokens.Table): string {
  const plain = (cell: Tokens.TableCell) => cell.text.replace(/\s+/g, ' ').trim();
  const rows = [t.header.map(plain), ...t.rows.map((r) => r.map(plain))];
  const widths = t.header.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return wrap('pre', escapeHtml([line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n')));
}

function block(token: Token, quoted = false): string {
  switch (token.type) {
    case 'heading':
      return wrap('b', inline((token as Tokens.Heading).tokens));
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens);
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeHtml(text.text);
    }
    case 'code': {
      const code = token as Tokens.Code;
      const body = escapeHtml(code.text);
      const lang = code.lang?.trim().split(/\s/)[0];
      if (body.trim() === '') return '';
      if (quoted) return body;
      return lang && LANGUAGE.test(lang)
        ? `<pre><code class="language-${lang}">${body}</code></pre>`
        : `<pre>${body}</pre>`;
    }
    case 'blockquote':
      // Telegram nests no quote in a quote, nor a code block in one: inside, both are their text.
      return quoted
        ? blocks((token as Tokens.Blockquote).tokens, true)
        : wrap('blockquote', blocks((token as Tokens.Blockquote).tokens, true));
    case 'list':
      return listLines(token as Tokens.List, 0, quoted).join('\n');
    case 'table':
      return quoted ? escapeHtml(token.raw.trim()) : table(token as Tokens.Table);
    case 'hr':
      return '———';
    case 'space':
      return '';
    default:
      return escapeHtml(token.raw.trim());
  }
}

function blocks(tokens: readonly Token[], quoted = false): string {
  return tokens
    .map((t) => block(t, quoted))
    .filter((b) => b !== '')
    .join('\n\n');
}

/**
 * The assistant's answer (plain text, or Markdown from a model) as Telegram HTML; plain text reads as Markdown
 * with the same words.
 */
export function replyToHtml(text: string): SafeHtml {
  return new SafeHtml(blocks(lexer(text.replace(/\r\n?/g, '\n'), { gfm: true })));
}
