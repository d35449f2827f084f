/** Gives each phrase the same weight: cue lists are written a weight at a time. */
export const weigh = (phrases: string[], weight: number): Array<[string, number]> =>
  phrases.map((p) => [p, weight]);
