import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicBaseUrl } from '../../config.ts';
import { invitationPage, passwordResetSent, sentInvitation } from '../../contracts/accounts.ts';
import { colleagueList, member, memberPage } from '../../contracts/members.ts';
import { organization as organizationView } from '../../contracts/organization.ts';
import { id } from '../../crm/fields.ts';
import { invitationInput, invitationListQuery } from '../../crm/invitations.ts';
import { memberListQuery, memberPatch } from '../../crm/members.ts';
import { organizationPatch } from '../../crm/organization.ts';
import { linkTo } from '../../crm/password-resets.ts';
import { actorOf } from '../context.ts';
import { noContent, operation } from './operation.ts';
import { idParams } from './params.ts';

const userParams = z.object({ userId: id });

/** Members, invitations and the organization's own settings. */
export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { members, invitations, organization, passwordResets } = app.deps.crm;
  const tags = ['members'];

  app.get(
    '/members',
    operation({
      id: 'listMembers',
      summary: 'List members',
      tags,
      schema: { querystring: memberListQuery, response: { 200: memberPage } },
    }),
    (req) => members.list(actorOf(req), req.query),
  );
  app.get(
    '/colleagues',
    operation({
      id: 'listColleagues',
      summary: "List colleagues' names",
      description:
        'Owners and employees by name, for showing who a record is assigned to or who did something. ' +
        'Staff only; emails and roles are in the member list, which only owners read.',
      tags,
      schema: { response: { 200: colleagueList } },
    }),
    (req) => members.colleagues(actorOf(req)),
  );
  app.get(
    '/members/:userId',
    operation({
      id: 'getMember',
      summary: 'Get a member',
      tags,
      schema: { params: userParams, response: { 200: member } },
    }),
    (req) => members.get(actorOf(req), req.params.userId),
  );
  app.patch(
    '/members/:userId',
    operation({
      id: 'updateMember',
      summary: "Change a member's role",
      description: "The organization's last owner cannot be demoted (409).",
      tags,
      errors: [409],
      schema: { params: userParams, body: memberPatch, response: { 200: member } },
    }),
    (req) => members.update(actorOf(req), req.params.userId, req.body),
  );
  app.delete(
    '/members/:userId',
    operation({
      id: 'removeMember',
      summary: 'Remove a member',
      description:
        'Their API tokens for this organization stop working. The last owner cannot be removed (409).',
      tags,
      errors: [409],
      schema: { params: userParams, response: { 204: noContent('The member is removed.') } },
    }),
    async (req, reply) => {
      await members.remove(actorOf(req), req.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/members/:userId/password-reset',
    operation({
      id: 'sendMemberPasswordReset',
      summary: 'Email a member a password reset link',
      description:
        'Owners only. The member gets a link valid 24 hours; the owner never sees it. 409 when this server ' +
        'does not send email (SMTP_URL unset): the operator can run `parley user reset-password` instead.',
      tags,
      errors: [409, 429],
      schema: { params: userParams, response: { 202: passwordResetSent } },
    }),
    async (req, reply) => {
      return reply.status(202).send(await passwordResets.sendToMember(actorOf(req), req.params.userId));
    },
  );

  app.post(
    '/invitations',
    operation({
      id: 'createInvitation',
      summary: 'Invite someone by email',
      description:
        'Answers with the one-time `inviteUrl` to send them (valid 7 days); it replaces any open invitation ' +
        'for the same email. When the server sends email, the invitee is also emailed a link of their own, ' +
        'and only that one creates a new account. 409 when the email is already a member.',
      tags,
      errors: [409],
      schema: { body: invitationInput, response: { 201: sentInvitation } },
    }),
    async (req, reply) => {
      const { token, ...invitation } = await invitations.invite(actorOf(req), req.body);
      // The web app's /invite page posts the token from the fragment, which no server or proxy log sees.
      const inviteUrl = linkTo(publicBaseUrl(app.deps.config), 'invite', token);
      return reply.status(201).send({ ...invitation, inviteUrl });
    },
  );
  app.get(
    '/invitations',
    operation({
      id: 'listInvitations',
      summary: 'List invitations',
      tags,
      schema: { querystring: invitationListQuery, response: { 200: invitationPage } },
    }),
    (req) => invitations.list(actorOf(req), req.query),
  );
  app.delete(
    '/invitations/:id',
    operation({
      id: 'revokeInvitation',
      summary: 'Withdraw an invitation',
      description: 'Withdrawing one twice is harmless; an accepted invitation cannot be withdrawn (409).',
      tags,
      errors: [409],
      schema: { params: idParams, response: { 204: noContent('The invitation is withdrawn.') } },
    }),
    async (req, reply) => {
      await invitations.revoke(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  const organizationTags = ['organization'];
  app.get(
    '/organization',
    operation({
      id: 'getOrganization',
      summary: 'Get the organization and its settings',
      tags: organizationTags,
      schema: { response: { 200: organizationView } },
    }),
    (req) => organization.get(actorOf(req)),
  );
  app.patch(
    '/organization',
    operation({
      id: 'updateOrganization',
      summary: 'Rename the organization or change its settings',
      description:
        'Owners only; settings left out keep their value. The currency cannot change once deals, leads, ' +
        'orders or payments hold amounts in the current one (409).',
      tags: organizationTags,
      errors: [409],
      schema: { body: organizationPatch, response: { 200: organizationView } },
    }),
    (req) => organization.update(actorOf(req), req.body),
  );
};
