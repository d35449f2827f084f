import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { id } from '../../crm/fields.ts';
import { invitationInput, invitationListQuery } from '../../crm/invitations.ts';
import { memberListQuery, memberPatch } from '../../crm/members.ts';
import { organizationPatch } from '../../crm/organization.ts';
import { actorOf } from '../context.ts';
import { idParams } from './params.ts';

const userParams = z.object({ userId: id });

/** The link an invitee opens; the web app's /invite page posts its token to /invitations/accept. */
function inviteUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>, token: string): string {
  const base = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return `${base}/invite/${token}`;
}

/** Members, invitations and the organization's own settings. */
export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { members, invitations, organization } = app.deps.crm;
  const tags = ['members'];

  app.get('/members', { schema: { tags, querystring: memberListQuery } }, (req) =>
    members.list(actorOf(req), req.query),
  );
  app.get('/members/:userId', { schema: { tags, params: userParams } }, (req) =>
    members.get(actorOf(req), req.params.userId),
  );
  app.patch('/members/:userId', { schema: { tags, params: userParams, body: memberPatch } }, (req) =>
    members.update(actorOf(req), req.params.userId, req.body),
  );
  app.delete('/members/:userId', { schema: { tags, params: userParams } }, async (req, reply) => {
    await members.remove(actorOf(req), req.params.userId);
    return reply.status(204).send();
  });

  app.post('/invitations', { schema: { tags, body: invitationInput } }, async (req, reply) => {
    const { token, ...invitation } = await invitations.invite(actorOf(req), req.body);
    return reply.status(201).send({ ...invitation, inviteUrl: inviteUrl(app.deps.config, token) });
  });
  app.get('/invitations', { schema: { tags, querystring: invitationListQuery } }, (req) =>
    invitations.list(actorOf(req), req.query),
  );
  app.delete('/invitations/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    await invitations.revoke(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/organization', { schema: { tags: ['organization'] } }, (req) => organization.get(actorOf(req)));
  app.patch('/organization', { schema: { tags: ['organization'], body: organizationPatch } }, (req) =>
    organization.update(actorOf(req), req.body),
  );
};
