import { createRequire } from 'node:module';

/**
 * The language model under the offline engine: wink-nlp with its English model tokenises a request and gives
 * each token its lemma, part of speech and kind (word, number, email...). The model loads once, on first use
 * (one to four seconds and about 21 MiB of heap), so processes that never read a request do not pay for it;
 * a server whose assistant is the offline engine warms it up after start (offline-brain.ts).
 */

type WinkNLP = typeof import('wink-nlp').default;
type Nlp = ReturnType<WinkNLP>;
const load = createRequire(import.meta.url);

export interface Token {
  /** As typed. */
  value: string;
  lower: string;
  lemma: string;
  pos: string;
  /** wink's token type: word, number, email, punctuation, currency, emoji... */
  type: string;
}

export interface Analysis {
  tokens: Token[];
  /** Every lower-cased word and lemma of the request, for cues that may stand anywhere. */
  words: Set<string>;
}

let winkNLP: WinkNLP | undefined;
let model: Parameters<WinkNLP>[0] | undefined;
let nlp: Nlp | undefined;

/**
 * Loading the model, in the three steps that take the time (about 0.4, 1.3 and 2.4 s of CPU on a busy
 * 2-core machine), so a warm-up can run them on separate turns of the event loop.
 */
export const LANGUAGE_MODEL_STEPS: ReadonlyArray<() => void> = [
  () => {
    winkNLP ??= load('wink-nlp') as WinkNLP;
  },
  () => {
    model ??= load('wink-eng-lite-web-model') as Parameters<WinkNLP>[0];
  },
  () => {
    // Only parts of speech (lemmas need them): sentences, entities, negation and sentiment go unused.
    nlp ??= winkNLP!(model!, ['pos']);
  },
];

function engine(): Nlp {
  if (!nlp) for (const step of LANGUAGE_MODEL_STEPS) step();
  return nlp!;
}

export function languageModelLoaded(): boolean {
  return nlp !== undefined;
}

/** Loads the model now rather than on the first request (the benchmark times it). */
export function loadLanguageModel(): void {
  engine();
}

export function analyse(text: string): Analysis {
  const n = engine();
  const its = n.its;
  const tokens = n.readDoc(text).tokens();
  const values = tokens.out(its.value) as string[];
  // wink types the lemma helper as a span function; for tokens it gives one lemma per token.
  const lemmas = tokens.out(its.lemma as Parameters<typeof tokens.out>[0]) as string[];
  const pos = tokens.out(its.pos) as string[];
  const types = tokens.out(its.type) as string[];
  const out: Token[] = values.map((value, i) => ({
    value,
    lower: value.toLowerCase(),
    lemma: (lemmas[i] ?? value).toLowerCase(),
    pos: pos[i] ?? 'X',
    type: types[i] ?? 'word',
  }));
  const words = new Set<string>();
  for (const t of out) {
    words.add(t.lower);
    words.add(t.lemma);
  }
  return { tokens: out, words };
}
