import { createRequire } from 'node:module';

/**
 * The language model under the offline engine: wink-nlp with its English model tokenises a request and gives
 * each token its lemma, part of speech and kind (word, number, email...). The model loads once, on first use
 * (about a second and 25 MB), so processes that never read a request do not pay for it.
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

let nlp: Nlp | undefined;

function engine(): Nlp {
  if (!nlp) {
    const winkNLP = load('wink-nlp') as WinkNLP;
    // Only parts of speech (lemmas need them): sentences, entities, negation and sentiment go unused.
    nlp = winkNLP(load('wink-eng-lite-web-model') as Parameters<WinkNLP>[0], ['pos']);
  }
  return nlp;
}

/** Loads the model now rather than on the first request (start-up calls this; the benchmark times it). */
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
