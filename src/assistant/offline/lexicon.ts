import { DEFAULT_STAGES, type LeadSource, type Priority } from '../../domain/vocabulary.ts';
import { alternation, perLanguage } from './language.ts';
import type { ActivityType, RecordType, SlotWords, StatusWords } from './lexicon/types.ts';

/**
 * The closed sets a request can name (record words, stages, statuses, priorities, categories, payment
 * methods, lead sources), read with the current language's words (lexicon/types.ts SlotWords). Values always
 * come from domain/vocabulary.ts, so a new status there is one word in a language's data away from being
 * understood, and a new synonym is only data.
 */

export type { ActivityType, RecordType } from './lexicon/types.ts';

export interface NounHit {
  type: RecordType;
  /** For activity words ("call", "tasks"), which kind of activity. */
  activity?: ActivityType;
  plural: boolean;
  word: string;
  start: number;
  end: number;
}

interface NounEntry {
  type: RecordType;
  activity?: ActivityType;
  plural: boolean;
}

const nouns = perLanguage((w) => {
  const entries = new Map<string, NounEntry>();
  for (const r of w.records) {
    const base = r.activity ? { type: r.type, activity: r.activity } : { type: r.type };
    for (const word of r.singular) entries.set(word, { ...base, plural: false });
    for (const word of r.plural) entries.set(word, { ...base, plural: true });
  }
  return { entries, pattern: new RegExp(`\\b(?:${alternation(entries.keys())})\\b`, 'g') };
});

/** Every record word in the text, in order. */
export function nounsIn(text: string, from = 0): NounHit[] {
  const { entries, pattern } = nouns();
  const hits: NounHit[] = [];
  for (const m of text.slice(from).matchAll(pattern)) {
    const entry = entries.get(m[0]);
    if (!entry) continue;
    hits.push({ ...entry, word: m[0], start: m.index + from, end: m.index + from + m[0].length });
  }
  return hits;
}

/* ---------- pipeline stages ---------- */

/** Stage names as the default pipeline spells them, lower-cased; the tools match stages in any case. */
const DEFAULT_STAGE_NAMES = DEFAULT_STAGES.map((s) => s.name.toLowerCase());

const currentStages = perLanguage((w) => w.stages);
const stageFillers = perLanguage((w) => new RegExp(`\\b(?:${alternation(w.stageFillers)})\\b`, 'g'));

/** A default stage name for a phrase ("negotiating" -> "negotiation", "won" -> "closed won"), else null. */
export function knownStage(phrase: string): string | null {
  const key = phrase.toLowerCase().replace(stageFillers(), '').replace(/\s+/g, ' ').trim();
  if (DEFAULT_STAGE_NAMES.includes(key)) return key;
  const stages = currentStages();
  return Object.hasOwn(stages, key) ? stages[key]! : null;
}

/* ---------- statuses, priorities, categories ---------- */

export type StatusType = keyof StatusWords;
type StatusValue<T extends StatusType> = StatusWords[T][string];

/** Per record type, the status words longest first, as one pattern. */
const statusPatterns = perLanguage((w) => {
  const out = {} as Record<StatusType, RegExp>;
  for (const type of Object.keys(w.statuses) as StatusType[]) {
    out[type] = new RegExp(`\\b(${alternation(Object.keys(w.statuses[type]))})\\b`);
  }
  return { out, words: w.statuses };
});

/** The first status word of a record type in the text, as the schema spells it. */
export function statusIn<T extends StatusType>(type: T, text: string): StatusValue<T> | undefined {
  const { out, words } = statusPatterns();
  const m = out[type].exec(text);
  return m ? (words[type][m[1]!] as StatusValue<T>) : undefined;
}

export type PriorityValue = Priority;

const priorityPatterns = perLanguage(({ priorities: p }) => {
  const values = alternation(Object.keys(p.values));
  const labels = alternation(p.labels);
  return [
    new RegExp(`\\b(${values})[- ]?(?:${labels})\\b`),
    new RegExp(`\\b(?:${labels})(?: (?:${alternation(p.links)}))?(?:\\s*[:=])?\\s*(${values})\\b`),
    new RegExp(`\\b(${alternation(p.alone)})\\b`),
  ];
});

/**
 * A priority only where the word is tied to priority ("high priority", "priority: low", "urgent"), so
 * "high value deals" is not read as a priority.
 */
export function priorityIn(text: string): Priority | undefined {
  const values = currentPriorities();
  for (const re of priorityPatterns()) {
    const m = re.exec(text);
    if (m) return values[m[1]!];
  }
  return undefined;
}

const currentPriorities = perLanguage((w) => w.priorities.values);

export type IssueCategory = SlotWords['categories']['values'][string];

const categoryPatterns = perLanguage(({ categories: c }) => {
  const values = alternation(Object.keys(c.values));
  return {
    kind: new RegExp(`\\b(${values})(?: (?:${alternation(c.kindFillers)}))? (?:${alternation(c.kinds)})\\b`),
    labelled: new RegExp(`\\b(?:${alternation(c.labels)})(?: is| to| as|:|=)?\\s*(${values})\\b`),
    implied: new RegExp(`\\b(${alternation(Object.keys(c.implied))})\\b`),
    words: c,
  };
});

/** A category named as a kind of issue: "billing issue", "technical problems", "category: delivery". */
export function categoryIn(text: string): IssueCategory | undefined {
  const { kind, labelled, implied, words } = categoryPatterns();
  const m = kind.exec(text) ?? labelled.exec(text);
  if (m) return words.values[m[1]!];
  const hint = implied.exec(text);
  return hint ? words.implied[hint[1]!] : undefined;
}

export type PaymentMethod = SlotWords['paymentMethods'][number][1];

const methodPatterns = perLanguage((w) =>
  w.paymentMethods.map(([phrase, method]) => [new RegExp(`\\b${alternation([phrase])}\\b`), method] as const),
);

/** The payment method named, the first listed in the language's data winning. */
export function paymentMethodIn(text: string): PaymentMethod | undefined {
  return methodPatterns().find(([re]) => re.test(text))?.[1];
}

/* ---------- lead sources ---------- */

const sourcePatterns = perLanguage((w) => {
  const table = new Map(w.sources);
  const phrases = alternation(table.keys());
  return {
    table,
    at: new RegExp(
      `^(?:(?:${alternation(w.sourceOpeners)}) )?(${phrases})(?:\\s+(?:${alternation(w.sourceTrailers)}))?\\b`,
    ),
    // Longest first, so "google ads leads" is read as google ads.
    phrases: [...table.keys()].sort((a, b) => b.length - a.length),
  };
});

/** A known channel at the very start of `text` ("facebook ...", "a trade show ..."), with its length. */
export function sourceAt(text: string): { source: LeadSource; length: number } | null {
  const { table, at } = sourcePatterns();
  const m = at.exec(text);
  const source = m ? table.get(m[1]!) : undefined;
  return m && source && source !== 'other' ? { source, length: m[0].length } : null;
}

/** A known channel named right before a word, as in "facebook leads". */
export function sourceBefore(text: string, end: number): LeadSource | null {
  const { table, phrases } = sourcePatterns();
  const before = text.slice(0, end).trimEnd();
  for (const phrase of phrases) {
    if (before.endsWith(phrase) && /(?:^|\s)$/.test(before.slice(0, before.length - phrase.length))) {
      const source = table.get(phrase);
      if (source && source !== 'other') return source;
    }
  }
  return null;
}

/** Singular words naming a record right before its id ("deal 23"), in the current language. */
export const refWords = perLanguage((w) => w.refWords);
