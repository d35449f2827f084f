import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachmentKind } from '../../assistant/attachments.ts';
import { type Assistant, MAX_MESSAGE_LENGTH, messageInput } from '../../assistant/index.ts';
import type { Channel } from '../../assistant/turns.ts';
import {
  assistantTurn,
  conversationHistory,
  MAX_FILE_BASE64_CHARS,
  messageFile,
} from '../../contracts/assistant.ts';
import type { Actor } from '../../domain/actor.ts';
import { actorOf } from '../context.ts';
import { logError, publicError } from '../errors.ts';
import { eventStream, noContent, operation } from './operation.ts';

const tags = ['assistant'];
const conversationQuery = z
  .object({ conversationId: z.coerce.number().int().positive().max(2_147_483_647).optional() })
  .strict();
const confirmationParams = z.object({ id: z.string().min(1).max(64) });
const decision = z.object({ approve: z.boolean() }).strict();

/** A message, possibly with a file; the words may then be empty (a CSV sent without a caption). */
const messageBody = messageInput.extend({
  text: z.string().trim().max(MAX_MESSAGE_LENGTH).default(''),
  attachment: messageFile.optional(),
});
type MessageBody = z.output<typeof messageBody>;

/** A file's base64 and a little JSON around it: the one route that takes more than the usual 1 MB. */
const MESSAGE_BODY_LIMIT = MAX_FILE_BASE64_CHARS + 64 * 1024;

const FILE_NOTE =
  ' `attachment` carries a file in base64 (at most 20 MB): a CSV of customers or leads comes back as an ' +
  'import preview with the import proposed, a photo of a business card as a proposed lead; `text` is then ' +
  'its caption and may be empty. A larger body is refused with 413.';

/** The message as the assistant takes it, the file decoded and its kind known. */
function messageOf({ attachment, ...message }: MessageBody) {
  if (!attachment) return message;
  const { name, mediaType, data } = attachment;
  const kind = attachmentKind(mediaType, name);
  return { ...message, attachment: { kind, mediaType, name, bytes: Buffer.from(data, 'base64') } };
}

/** Browser sessions talk in the web conversation; scripts with tokens in their own. */
function channelOf(actor: Actor): Channel {
  return actor.via === 'web' ? 'web' : 'api';
}

/** Answers as server-sent events: each tool call as it happens, then the whole turn or an error. */
async function streamTurn(
  assistant: Assistant,
  actor: Actor,
  message: MessageBody,
  reply: FastifyReply,
  log: FastifyBaseLogger,
): Promise<void> {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (event: string, data: unknown) =>
    out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    const turn = await assistant.send(actor, { ...messageOf(message), channel: channelOf(actor) }, (action) =>
      send('action', action),
    );
    send('turn', turn);
  } catch (error) {
    // The status line has gone out, so the error travels as an event, shaped and logged as any other.
    const answer = publicError(error);
    logError(log, error, answer);
    send('error', answer.body.error);
  }
  out.end();
}

export const assistantRoutes: FastifyPluginAsyncZod = async (app) => {
  const { assistant } = app.deps;

  app.post(
    '/assistant/messages',
    {
      ...operation({
        id: 'askAssistant',
        summary: 'Send the assistant a message',
        description:
          'Reads run at once; writes come back as `confirmation` and run only after ' +
          'POST /assistant/confirmations/{id}. 404 for a `conversationId` that is not yours. 429 when a ' +
          'limit on requests to the language model is reached (per person or organization, per hour or day); ' +
          'the message says when to try again.' +
          FILE_NOTE,
        tags,
        errors: [413, 429],
        schema: { body: messageBody, response: { 200: assistantTurn } },
      }),
      bodyLimit: MESSAGE_BODY_LIMIT,
    },
    (req) => {
      const actor = actorOf(req);
      return assistant.send(actor, { ...messageOf(req.body), channel: channelOf(actor) });
    },
  );

  app.post(
    '/assistant/messages/stream',
    {
      ...operation({
        id: 'askAssistantStream',
        summary: 'Send the assistant a message, answered as events',
        description:
          'The same as /assistant/messages as server-sent events: an `action` event (an AssistantAction) for ' +
          'each tool call as it happens, then one `turn` event (an AssistantTurn) with the whole answer, or an ' +
          '`error` event (the `error` of an Error body: { code, message, details? }).' +
          FILE_NOTE,
        tags,
        errors: [413],
        schema: {
          body: messageBody,
          response: { 200: eventStream('Server-sent events: `action`, then `turn` or `error`.') },
        },
      }),
      bodyLimit: MESSAGE_BODY_LIMIT,
    },
    (req, reply) => streamTurn(assistant, actorOf(req), req.body, reply, req.log),
  );

  app.post(
    '/assistant/confirmations/:id',
    operation({
      id: 'answerConfirmation',
      summary: 'Approve or cancel proposed writes',
      description:
        'Each approved write is checked again as it runs. 409 when the confirmation was already answered ' +
        'or has expired.',
      tags,
      errors: [409],
      schema: { params: confirmationParams, body: decision, response: { 200: assistantTurn } },
    }),
    (req) => assistant.confirm(actorOf(req), req.params.id, req.body.approve),
  );

  app.get(
    '/assistant/conversation',
    operation({
      id: 'getConversation',
      summary: 'Read a conversation with the assistant',
      description: 'Your current conversation on this channel, or the one `conversationId` names.',
      tags,
      schema: { querystring: conversationQuery, response: { 200: conversationHistory } },
    }),
    (req) => {
      const actor = actorOf(req);
      return assistant.messages(actor, channelOf(actor), req.query.conversationId);
    },
  );

  app.delete(
    '/assistant/conversation',
    operation({
      id: 'clearConversation',
      summary: 'Start the conversation afresh',
      description: 'Its messages, what "it" refers to and any writes still waiting are forgotten.',
      tags,
      schema: {
        querystring: conversationQuery,
        response: { 204: noContent('The conversation is cleared.') },
      },
    }),
    async (req, reply) => {
      const actor = actorOf(req);
      await assistant.clear(actor, channelOf(actor), req.query.conversationId);
      return reply.status(204).send(null);
    },
  );
};
