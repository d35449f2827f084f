import { invalid } from './errors.ts';

/** Currencies whose minor unit is not 1/100. Everything else uses two decimals. */
const MINOR_DIGITS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

/**
 * Parses an amount given in major units ("3000", "3,000.50", 3000) into integer minor units, without
 * floating-point arithmetic on the fraction.
 */
export function toMinor(amount: string | number, currency: string): number {
  const digits = minorDigits(currency);
  const text = typeof amount === 'number' ? amount.toFixed(digits) : amount.replace(/[,\s_]/g, '');
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw invalid(`"${amount}" is not an amount of money`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) throw invalid(`${currency} amounts have at most ${digits} decimals`);
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw invalid(`"${amount}" is too large`);
  return sign ? -minor : minor;
}

// One formatter per currency: building one costs far more than formatting with it.
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormats.set(currency, format);
  }
  return format.format(minor / 10 ** digits);
}

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
const SCALE: Record<string, number> = { k: 3, m: 6, mm: 6, bn: 9, b: 9 };

/** Moves the decimal point of a plain decimal string `places` to the right, without floating point. */
function shiftDecimal(text: string, places: number): string {
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = fraction.padEnd(places, '0');
  const shifted = `${whole}${digits.slice(0, places)}`.replace(/^0+(?=\d)/, '');
  const rest = digits.slice(places);
  return rest ? `${shifted}.${rest}` : shifted;
}

/**
 * Money as people write it: 3000, "3,000.50", "$3k", "3000 usd", "€250.50", "1.5m". Returns minor units and
 * the currency named in the text, if any; otherwise `currency` applies.
 */
export function parseMoney(value: string | number, currency: string): { minor: number; currency: string } {
  if (typeof value === 'number') return { minor: toMinor(value, currency), currency };
  const text = value
    .trim()
    .toLowerCase()
    .replace(/[,\s_]/g, '');
  const match = /^([$€£¥₹])?(\d+(?:\.\d+)?)(k|mm|m|bn|b)?([a-z]{3})?$/.exec(text);
  if (!match) throw invalid(`"${value}" is not an amount of money`);
  const [, symbol, number, scale, code] = match;
  const named = code?.toUpperCase() ?? (symbol ? SYMBOLS[symbol] : undefined);
  const actual = named ?? currency;
  return { minor: toMinor(scale ? shiftDecimal(number!, SCALE[scale]!) : number!, actual), currency: actual };
}
