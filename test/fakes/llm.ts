import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for Gemini and OpenAI-compatible servers speaking their real JSON wire formats, so the
 * real AI SDK providers run end to end. A test scripts the model's answers in order and reads back every
 * request the SDK sent (to check what the model was shown, e.g. tool results).
 */

export type ScriptedStep =
  | { calls: { name: string; args: Record<string, unknown> }[] }
  | { text: string }
  | { fail: number }
  /** Holds the request open until the server closes: a provider that never answers. */
  | { hang: true }
  /** Answers 200 with this body as it is, e.g. JSON cut off half-way. */
  | { raw: string };

export interface FakeModelServer {
  url: string;
  /** Request bodies as received, oldest first. */
  requests: any[];
  script(...steps: ScriptedStep[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function fakeServer(
  route: RegExp,
  render: (step: Extract<ScriptedStep, { calls: unknown } | { text: string }>, n: number) => unknown,
  basePath: string,
): Promise<FakeModelServer> {
  const steps: ScriptedStep[] = [];
  const requests: any[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method !== 'POST' || !route.test(req.url ?? '')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no such route"}}');
      return;
    }
    requests.push(body);
    const step = steps.shift() ?? { text: 'The script has run out.' };
    if ('hang' in step) return;
    if ('raw' in step) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(step.raw);
      return;
    }
    if ('fail' in step) {
      res
        .writeHead(step.fail, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ error: { code: step.fail, message: 'scripted failure', status: 'UNAVAILABLE' } }),
        );
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(render(step, requests.length)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    requests,
    script: (...more) => steps.push(...more),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const usage = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };

/** The signature the fake Gemini puts on the i-th function call of its n-th answer. */
export const thoughtSignature = (n: number, i: number) => `c2lnbmF0dXJl-${n}-${i}`;

/**
 * `POST /v1beta/models/<model>:generateContent`, as @ai-sdk/google sends it. Like Gemini 3, every function
 * call carries a `thoughtSignature` that must come back with the call in the next request's history.
 */
export function startFakeGemini(): Promise<FakeModelServer> {
  return fakeServer(
    /^\/v1beta\/models\/[^/:]+:generateContent/,
    (step, n) => ({
      candidates: [
        {
          content: {
            role: 'model',
            parts:
              'calls' in step
                ? step.calls.map((c, i) => ({
                    functionCall: { name: c.name, args: c.args },
                    thoughtSignature: thoughtSignature(n, i),
                  }))
                : [{ text: step.text }],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: usage,
    }),
    '/v1beta',
  );
}

/** `POST /v1/chat/completions`, as @ai-sdk/openai-compatible sends it. */
export function startFakeOpenAI(): Promise<FakeModelServer> {
  return fakeServer(
    /^\/v1\/chat\/completions/,
    (step, n) => ({
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: 1_790_000_000,
      model: 'fake-model',
      choices: [
        {
          index: 0,
          message:
            'calls' in step
              ? {
                  role: 'assistant',
                  content: null,
                  tool_calls: step.calls.map((c, i) => ({
                    id: `call_${n}_${i}`,
                    type: 'function',
                    function: { name: c.name, arguments: JSON.stringify(c.args) },
                  })),
                }
              : { role: 'assistant', content: step.text },
          finish_reason: 'calls' in step ? 'tool_calls' : 'stop',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
    '/v1',
  );
}
