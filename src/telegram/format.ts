/**
 * Telegram HTML: every value that comes from a person or a record is escaped, and long texts are cut into
 * messages Telegram accepts without breaking a tag, an entity, a line or a list item where that can be avoided.
 * The old bot sent names and notes into HTML as they were, so a customer called "<b>" broke its messages.
 */

/** Telegram refuses longer messages; its count is of visible characters, ours of HTML, which is never less. */
export const MESSAGE_LIMIT = 4096;

/** Text already safe to send as Telegram HTML. Plain strings are always escaped; only this passes through. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function piece(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose interpolated values are escaped, unless they are SafeHtml themselves. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Joins the parts that are there (null, undefined and false are left out; '' makes an empty line). */
export function joinHtml(parts: readonly HtmlValue[], separator = '\n'): SafeHtml {
  return new SafeHtml(
    parts
      .filter((p) => p !== null && p !== undefined && p !== false)
      .map(piece)
      .join(separator),
  );
}

export function toSafe(content: SafeHtml | string): SafeHtml {
  return content instanceof SafeHtml ? content : new SafeHtml(escapeHtml(content));
}

interface Atom {
  text: string;
  /** For tags: the name, and whether it opens or closes. */
  tag?: { name: string; closing: boolean };
}

/** Tags, entities and single code points (surrogate pairs kept whole): the pieces a cut may fall between. */
function atomsOf(source: string): Atom[] {
  const atoms: Atom[] = [];
  const pattern = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);|[\s\S]/gu;
  for (const m of source.matchAll(pattern)) {
    const text = m[0];
    if (m[1] !== undefined) atoms.push({ text, tag: { name: m[1].toLowerCase(), closing: text[1] === '/' } });
    else atoms.push({ text });
  }
  return atoms;
}

interface OpenTag {
  name: string;
  open: string;
}

function afterAtom(stack: readonly OpenTag[], atom: Atom): readonly OpenTag[] {
  if (!atom.tag) return stack;
  if (!atom.tag.closing) return [...stack, { name: atom.tag.name, open: atom.text }];
  const at = stack.map((t) => t.name).lastIndexOf(atom.tag.name);
  return at === -1 ? stack : stack.slice(0, at);
}

const closingOf = (stack: readonly OpenTag[]) =>
  stack
    .map((t) => `</${t.name}>`)
    .reverse()
    .join('');

const isBlank = (chunk: string) => chunk.replace(/<[^>]*>/g, '').trim() === '';

/** A cut right after an opening tag leaves it empty on one side; Telegram has no use for empty tags. */
function dropEmptyTags(chunk: string): string {
  let out = chunk;
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(/<([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?><\/\1>/g, '');
  }
  return out;
}

/**
 * Cuts HTML into messages of at most `limit` characters. A cut falls at the last line break that fits, else at
 * the last space, else between two characters; tags open at a cut are closed before it and opened again after
 * it, so every message is valid HTML on its own. Messages with nothing visible are left out.
 */
export function chunkHtml(content: SafeHtml | string, limit = MESSAGE_LIMIT): string[] {
  const atoms = atomsOf(toSafe(content).html);
  const chunks: string[] = [];
  let start = 0;
  let startStack: readonly OpenTag[] = [];
  while (start < atoms.length) {
    // A message does not start with the blank lines that separated it from the one before.
    if (start > 0 && atoms[start]!.text === '\n') {
      start += 1;
      continue;
    }
    const prefix = startStack.map((t) => t.open).join('');
    let length = prefix.length;
    let stack = startStack;
    let lineCut = -1;
    let lineStack = stack;
    let spaceCut = -1;
    let spaceStack = stack;
    let i = start;
    for (; i < atoms.length; i++) {
      const atom = atoms[i]!;
      const next = afterAtom(stack, atom);
      if (i > start && length + atom.text.length + closingOf(next).length > limit) break;
      length += atom.text.length;
      stack = next;
      if (atom.text === '\n') {
        lineCut = i;
        lineStack = stack;
      } else if (atom.text === ' ') {
        spaceCut = i;
        spaceStack = stack;
      }
    }
    let end = i;
    let resume = i;
    let endStack = stack;
    if (i < atoms.length) {
      if (lineCut > start) [end, resume, endStack] = [lineCut, lineCut + 1, lineStack];
      else if (spaceCut > start) [end, resume, endStack] = [spaceCut, spaceCut + 1, spaceStack];
    }
    const body = atoms
      .slice(start, end)
      .map((a) => a.text)
      .join('');
    const chunk = dropEmptyTags((prefix + body).replace(/\s+$/, '') + closingOf(endStack));
    if (!isBlank(chunk)) chunks.push(chunk);
    start = resume;
    startStack = endStack;
  }
  return chunks;
}
