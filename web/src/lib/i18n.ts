import { en } from '../locales/en.ts';

/**
 * The interface's words, from one catalogue per language. English (`locales/en.ts`) is complete and defines
 * the keys; another language adds a file of the same shape and a line in CATALOGUES, and may leave keys out
 * (they fall back to English).
 *
 * A message is text with `{name}` placeholders, or, for counts, one form per plural category
 * (`Intl.PluralRules`: one, few, many, other…) chosen by the `count` parameter.
 */

export type Message = string | (Partial<Record<Intl.LDMLPluralRule, string>> & { other: string });
export type Catalogue = Record<keyof typeof en, Message>;
export type MessageKey = keyof Catalogue;
export type MessageParams = Record<string, string | number>;

const CATALOGUES: Record<string, Partial<Catalogue>> = { en };

/**
 * The person's languages in their order of preference, as the browser reports them. Read through globalThis
 * so that server-side tests can load this module too.
 */
export function preferredLanguages(): readonly string[] {
  const browser = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } })
    .navigator;
  if (browser?.languages?.length) return browser.languages;
  return [browser?.language || 'en'];
}

/** The first preferred language with a catalogue ("pt-BR" is served by "pt" when there is no "pt-BR"). */
function chooseLanguage(): string {
  for (const tag of preferredLanguages()) {
    if (CATALOGUES[tag]) return tag;
    const base = tag.split('-')[0]!;
    if (CATALOGUES[base]) return base;
  }
  return 'en';
}

/** The language the words are in. Numbers and dates follow the browser's locale (see format.ts). */
export const language = chooseLanguage();
const catalogue = CATALOGUES[language] ?? en;
const plurals = new Intl.PluralRules(language);
const numbers = new Intl.NumberFormat(language);

function pick(message: Message, params: MessageParams | undefined): string {
  if (typeof message === 'string') return message;
  const count = Number(params?.count ?? 0);
  return message[plurals.select(count)] ?? message.other;
}

/** `t('nav.deals')`, `t('list.total', { count: 12 })`: numbers in parameters are written in the language's way. */
export function t(key: MessageKey, params?: MessageParams): string {
  const text = pick(catalogue[key] ?? en[key], params);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}
