import type { Fact, IntentCues, Language, Weighted } from './lexicon/types.ts';
import type { Token } from './nlp.ts';

/**
 * Scores a request against every intent of a language: the best-supported intent is acted on, whatever the
 * order the intents are written in. Phrases are compiled once per language.
 */

/**
 * Auxiliaries are matched by lemma ("what's", "what is" and "what are" are all "what be"), unless written
 * "=do" (that form only); other words as written.
 */
const BY_LEMMA = new Set(['be', 'have', 'do', 'not', 'can', 'will']);

type Phrase = { words: string[]; weight: number };

interface CompiledIntent<I extends string> {
  name: I;
  cues: IntentCues;
  opens: Phrase[];
  has: Phrase[];
  whole: Map<string, number>;
}

function compile(list: Weighted | undefined): Phrase[] {
  return (list ?? []).map(([phrase, weight]) => ({ words: phrase.split(' ').filter(Boolean), weight }));
}

const compiled = new WeakMap<object, CompiledIntent<string>[]>();

function intentsOf<I extends string>(language: Language<I>): CompiledIntent<I>[] {
  const known = compiled.get(language);
  if (known) return known as CompiledIntent<I>[];
  const out = (Object.entries(language.intents) as Array<[I, IntentCues]>).map(([name, cues]) => ({
    name,
    cues,
    opens: compile(cues.opens),
    has: compile(cues.has),
    whole: new Map((cues.whole ?? []).map(([p, w]) => [p, w])),
  }));
  compiled.set(language, out);
  return out;
}

function wordMatches(word: string, token: Token | undefined): boolean {
  if (!token) return false;
  if (word.startsWith('=')) return token.lower === word.slice(1);
  return word === '*' || token.lower === word || (BY_LEMMA.has(word) && token.lemma === word);
}

/** Whether the phrase stands at token `at`. */
export function phraseAt(words: readonly string[], tokens: readonly Token[], at: number): boolean {
  return words.every((w, i) => wordMatches(w, tokens[at + i]));
}

/** Phrases split into words once: they come from the lexicons, a bounded set. */
const split = new Map<string, string[]>();

function wordsOf(phrase: string): string[] {
  let words = split.get(phrase);
  if (!words) {
    words = phrase.split(' ').filter(Boolean);
    split.set(phrase, words);
  }
  return words;
}

/** Whether the phrase stands anywhere among the tokens. */
export function phraseIn(phrase: string | readonly string[], tokens: readonly Token[]): boolean {
  const words = typeof phrase === 'string' ? wordsOf(phrase) : phrase;
  for (let i = 0; i + words.length <= tokens.length; i++) if (phraseAt(words, tokens, i)) return true;
  return false;
}

/** Whether the request opens with one of the intent's opening phrases. */
export function opensWith<I extends string>(
  language: Language<I>,
  intent: I,
  tokens: readonly Token[],
): boolean {
  const compiledIntent = intentsOf(language).find((i) => i.name === intent);
  return compiledIntent?.opens.some((p) => phraseAt(p.words, tokens, 0)) ?? false;
}

export interface Scored<I extends string> {
  intent: I;
  score: number;
}

/**
 * Each intent's score for a request: the best phrase it opens with (a longer phrase a little more, so "set
 * up" outweighs "set"), every phrase it holds, the whole request, and the facts that fit. Intents missing a
 * fact they need, or with one that rules them out, or with no cue at all, are left out.
 */
export function scoreIntents<I extends string>(
  language: Language<I>,
  tokens: readonly Token[],
  whole: string,
  facts: ReadonlySet<Fact>,
): Scored<I>[] {
  const out: Scored<I>[] = [];
  for (const intent of intentsOf(language)) {
    const { cues } = intent;
    if (cues.needs?.some((f) => !facts.has(f))) continue;
    if (cues.needsAny && !cues.needsAny.some((f) => facts.has(f))) continue;
    if (cues.not?.some((f) => facts.has(f))) continue;
    let words = 0;
    let opening = 0;
    for (const p of intent.opens) {
      if (p.weight + (p.words.length - 1) / 10 > opening && phraseAt(p.words, tokens, 0)) {
        opening = p.weight + (p.words.length - 1) / 10;
      }
    }
    words += opening;
    for (const p of intent.has) if (phraseIn(p.words, tokens)) words += p.weight;
    words += intent.whole.get(whole) ?? 0;
    let evidence = 0;
    for (const [fact, weight] of Object.entries(cues.facts ?? {}) as Array<[Fact, number]>) {
      if (facts.has(fact)) evidence += weight;
    }
    // Facts only support what words point at, unless the intent says they suffice.
    if (words === 0 && !cues.factsSuffice) continue;
    out.push({ intent: intent.name, score: words + evidence });
  }
  return out.sort((a, b) => b.score - a.score);
}

export type Decision<I extends string, R> =
  | { kind: 'chosen'; intent: I; result: R }
  | { kind: 'tie'; intents: [I, I] }
  | { kind: 'none' };

/**
 * Picks the best-scoring intent that can act on the request (`build` gives null when it cannot). Two that
 * score the same and would do different things are a tie, for a question back; nothing over `minScore` is
 * not understood.
 */
export function decide<I extends string, R>(
  scored: readonly Scored<I>[],
  minScore: number,
  build: (intent: I) => R | null,
  same: (a: R, b: R) => boolean,
): Decision<I, R> {
  const eligible = scored.filter((s) => s.score >= minScore);
  for (let i = 0; i < eligible.length; i++) {
    const best = eligible[i]!;
    const result = build(best.intent);
    if (result === null) continue;
    for (const rival of eligible.slice(i + 1)) {
      if (rival.score < best.score) break;
      const other = build(rival.intent);
      if (other !== null && !same(result, other))
        return { kind: 'tie', intents: [best.intent, rival.intent] };
    }
    return { kind: 'chosen', intent: best.intent, result };
  }
  return { kind: 'none' };
}
