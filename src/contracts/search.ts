import { z } from 'zod';
import { recordId } from './common.ts';

/** The kinds of record a search finds, as `types` names them. */
export const SEARCH_TYPES = ['customer', 'lead', 'deal', 'issue', 'order', 'payment', 'activity'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const searchResult = z.object({
  type: z.enum(SEARCH_TYPES),
  id: recordId,
  title: z.string().describe('The name, title, subject or number the record is known by'),
  subtitle: z.string().nullable().describe('A second line: company, email, number or status'),
  url: z.string().describe("The record's page in the web app, e.g. /customers/12"),
});
export type SearchResult = z.infer<typeof searchResult>;

export const searchResults = z
  .object({ items: z.array(searchResult) })
  .describe('The best matches first: an exact number or email, then a name that starts so, then any word');
export type SearchResults = z.infer<typeof searchResults>;
