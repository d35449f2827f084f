import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { lead, leadConversion, leadPage } from '../../contracts/leads.ts';
import { leadConvertInput, leadInput, leadListQuery, leadPatch } from '../../crm/leads.ts';
import { actorOf } from '../context.ts';
import { operation } from './operation.ts';
import { idParams } from './params.ts';
import { registerRecordRoutes } from './record-routes.ts';

const tags = ['leads'];

export const leadRoutes: FastifyPluginAsyncZod = async (app) => {
  const { leads } = app.deps.crm;
  registerRecordRoutes(app, {
    path: '/leads',
    noun: ['lead', 'leads'],
    service: leads,
    schemas: { list: leadListQuery, create: leadInput, update: leadPatch, record: lead, page: leadPage },
    descriptions: {
      list: '`q` is a prefix of the name or the email. `source` takes a channel or what was written ("TikTok").',
      create:
        'A source is recognised as one of the channels ("FB" is facebook); anything else is kept as its label with source "other".',
      update:
        'Status "converted" is reached only by converting the lead; a converted lead keeps that status (409).',
    },
    errors: { update: [409] },
  });
  app.post(
    '/leads/:id/convert',
    operation({
      id: 'convertLead',
      summary: 'Convert a lead into a customer',
      description:
        'Creates the customer from the lead (the `customer` fields override what is copied) and, when `createDeal` is true or the deal is described, a deal for them, in one step: all of it or nothing. A lead converts once (409 after).',
      tags,
      errors: [409],
      schema: { params: idParams, body: leadConvertInput, response: { 200: leadConversion } },
    }),
    (req) => leads.convert(actorOf(req), req.params.id, req.body),
  );
};
