import { alternation, perLanguage } from './language.ts';

/**
 * Amounts as people write them: "$3,000", "3k", "3000 usd", "€250.50", "1.5m", "2 million euros".
 * Amounts stay in major units (the tools convert to minor units for the record's currency); scaling by
 * k/m is done on the digits, not in floating point, so "2.3k" is exactly 2300.
 */

export interface Money {
  /** Major units, e.g. 250.5 for "€250.50". */
  amount: number;
  /** Only when the text names it; "$" and "dollars" are left to the organization's currency. */
  currency?: string;
  /** Whether the text itself says it is money (a symbol, code or k/m), not just a number. */
  explicit: boolean;
  start: number;
  end: number;
}

/** The largest amount the tool catalogue accepts. */
const MAX_AMOUNT = 1e11;

const SYMBOLS: Record<string, string | undefined> = {
  $: undefined,
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
};

const CODES = [
  'usd',
  'eur',
  'gbp',
  'jpy',
  'chf',
  'cad',
  'aud',
  'nzd',
  'inr',
  'nok',
  'sek',
  'dkk',
  'pln',
  'czk',
  'huf',
  'brl',
  'mxn',
  'zar',
  'sgd',
  'hkd',
  'cny',
  'aed',
  'sar',
  'ils',
  'krw',
  'try',
  'uah',
  'kzt',
];

/** Multipliers glued to the digits: "5k", "1.5m", "2bn". */
const SHORT_MULTIPLIERS: Record<string, number> = { k: 3, m: 6, mn: 6, mm: 6, bn: 9 };

/*
 * One amount: optional symbol, digits with optional thousands separators and decimals, an optional
 * multiplier (glued for the one-letter ones so "5 m" in a sentence is not five million; the language's
 * words, "thousand", may stand apart) and an optional currency code or word. It must not start inside
 * another token ("ORD-2026-0012", "a1").
 */
const patterns = perLanguage((w) => ({
  amount: new RegExp(
    '(?<![\\p{L}\\p{N}.,#\\-/])' +
      '(?<symbol>[$€£¥₹])?\\s?' +
      '(?<digits>\\d{1,3}(?:,\\d{3})+|\\d+)(?<fraction>\\.\\d+)?' +
      `(?:(?<short>${alternation(Object.keys(SHORT_MULTIPLIERS))})\\b|\\s?(?<long>${alternation(Object.keys(w.multipliers))})\\b)?` +
      `(?:\\s?(?<code>${CODES.join('|')}|${alternation(Object.keys(w.currencies))})\\b)?` +
      '(?![\\p{L}\\p{N}%/\\-]|[.,]\\d)',
    'giu',
  ),
  multipliers: { ...SHORT_MULTIPLIERS, ...w.multipliers },
  currencies: w.currencies,
  cue: new RegExp(`(?:\\b(?:${alternation(w.amountCues)})|[:=<>])\\s*$`),
}));

/** Shifts the decimal point right by `places` on the digits themselves. */
function scaled(whole: string, fraction: string, places: number): number {
  const digits = whole + fraction.padEnd(places, '0');
  const point = whole.length + places;
  const text = `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/^0+(?=\d)/, '');
  return Number(text);
}

function fromMatch(m: RegExpMatchArray): Money | null {
  const g = m.groups ?? {};
  const { multipliers, currencies } = patterns();
  const multiplier = (g.short ?? g.long ?? '').toLowerCase();
  const code = (g.code ?? '').toLowerCase();
  const amount = scaled(
    (g.digits ?? '').replace(/,/g, ''),
    (g.fraction ?? '').slice(1),
    multipliers[multiplier] ?? 0,
  );
  if (!Number.isFinite(amount) || amount > MAX_AMOUNT) return null;
  const currency = g.symbol
    ? SYMBOLS[g.symbol]
    : Object.hasOwn(currencies, code)
      ? currencies[code]
      : code
        ? code.toUpperCase()
        : undefined;
  const money: Money = {
    amount,
    explicit: Boolean(g.symbol || multiplier || code),
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].trimEnd().length,
  };
  if (currency) money.currency = currency;
  return money;
}

/** Every amount in the text, in order. Bare numbers are included but marked as not explicit. */
export function findAmounts(text: string): Money[] {
  const found: Money[] = [];
  for (const m of text.matchAll(patterns().amount)) {
    const money = fromMatch(m);
    if (money) found.push(money);
  }
  return found;
}

/** Parses text that is an amount and nothing else ("$3,000", "3k", "3000 usd"); anything else is null. */
export function parseAmount(text: string): Money | null {
  const trimmed = text.trim();
  const all = findAmounts(trimmed);
  const only = all[0];
  return all.length === 1 && only && only.start === 0 && only.end === trimmed.length ? only : null;
}

/**
 * The first amount the text states: an explicit one anywhere, else a bare number right after a cue word.
 * `from` limits the search to the text after a position (e.g. after "worth").
 */
export function statedAmount(text: string, from = 0): Money | null {
  const candidates = findAmounts(text).filter((m) => m.start >= from);
  const explicit = candidates.find((m) => m.explicit);
  if (explicit) return explicit;
  const { cue } = patterns();
  return candidates.find((m) => cue.test(text.slice(Math.max(0, m.start - 40), m.start))) ?? null;
}
