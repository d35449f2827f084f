import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchResults } from '../../contracts/search.ts';
import { searchQuery } from '../../crm/search.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    operation({
      id: 'searchRecords',
      summary: 'Search records of every kind',
      description:
        'Finds the records the caller may open whose name, title, company, email, phone, document number or tags have a word starting with each word of `q` ("orbit log", "@example.com", "555 0101", "ISS-0003"), accents and case ignored. Kinds the role cannot read are left out.',
      tags: ['search'],
      schema: { querystring: searchQuery, response: { 200: searchResults } },
    }),
    (req) => app.deps.crm.search.search(actorOf(req), req.query),
  );
};
