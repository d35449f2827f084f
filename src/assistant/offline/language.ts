import { EN, type Intent } from './lexicon/en.ts';
import type { Language, SlotWords } from './lexicon/types.ts';

/**
 * The language the engine reads in. A request is read synchronously from start to end, so the language is
 * set for the length of one interpret() call and every reader takes its words from it; the readers compile
 * their patterns once per language.
 */

export type EngineLanguage = Language<Intent>;

let current: EngineLanguage = EN;

export function language(): EngineLanguage {
  return current;
}

/** Runs `read` with `lang` as the language; the previous one is restored even if `read` throws. */
export function speaking<T>(lang: EngineLanguage, read: () => T): T {
  const before = current;
  current = lang;
  try {
    return read();
  } finally {
    current = before;
  }
}

/** A value built from the current language's words, built once per language. */
export function perLanguage<T>(build: (words: SlotWords) => T): () => T {
  const built = new WeakMap<EngineLanguage, T>();
  return () => {
    let value = built.get(current);
    if (value === undefined) {
      value = build(current.words);
      built.set(current, value);
    }
    return value;
  };
}

/** Phrases as one regular-expression alternation, longest first so "bank transfer" beats "bank". */
export function alternation(phrases: Iterable<string>): string {
  return [...new Set(phrases)]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|');
}
