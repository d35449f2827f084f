/** Human-facing document numbers: ISS-2026-0003, ORD-2026-0012, PAY-2026-0001. */
export const NUMBER_PREFIX = { issue: 'ISS', order: 'ORD', payment: 'PAY' } as const;
export type NumberedKind = keyof typeof NUMBER_PREFIX;

export function formatNumber(kind: NumberedKind, year: number, sequence: number): string {
  return `${NUMBER_PREFIX[kind]}-${year}-${String(sequence).padStart(4, '0')}`;
}

const PATTERN = /^(ISS|ORD|PAY)-(\d{4})-(\d{1,})$/i;

export function parseNumber(text: string): { kind: NumberedKind; year: number; sequence: number } | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const prefix = m[1]!.toUpperCase();
  const kind = (Object.keys(NUMBER_PREFIX) as NumberedKind[]).find((k) => NUMBER_PREFIX[k] === prefix)!;
  return { kind, year: Number(m[2]), sequence: Number(m[3]) };
}

/** The stored form of a number of the given kind ("iss-2026-3" is ISS-2026-0003), or null if it is not one. */
export function canonicalNumber(kind: NumberedKind, text: string): string | null {
  const parsed = parseNumber(text);
  return parsed?.kind === kind ? formatNumber(kind, parsed.year, parsed.sequence) : null;
}
