import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an OpenAI-compatible speech-to-text server (OpenAI, a local Whisper server):
 * `POST /v1/audio/transcriptions`, multipart form data with `file` and `model` in, `{ "text": … }` out. The
 * multipart body is parsed by the platform's own parser, so a malformed request fails here as it would there.
 */

export interface HeardRequest {
  model: string;
  fileName: string;
  fileType: string;
  bytes: Uint8Array;
  authorization: string | null;
}

export type TranscriptionStep = { text: string } | { fail: number } | { hang: true };

export interface FakeTranscription {
  /** The base address, as TRANSCRIPTION_BASE_URL takes it (ending in /v1). */
  url: string;
  requests: HeardRequest[];
  script(...steps: TranscriptionStep[]): void;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeTranscription(): Promise<FakeTranscription> {
  const steps: TranscriptionStep[] = [];
  const requests: HeardRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const body = await bodyOf(req);
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      return json(404, { error: { message: 'no such route' } });
    }
    let form: FormData;
    try {
      form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body,
      }).formData();
    } catch {
      return json(400, { error: { message: 'expected multipart/form-data' } });
    }
    const file = form.get('file');
    const model = form.get('model');
    if (!(file instanceof File) || typeof model !== 'string') {
      return json(400, { error: { message: 'file and model are required' } });
    }
    requests.push({
      model,
      fileName: file.name,
      fileType: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
      authorization: req.headers.authorization ?? null,
    });
    const step = steps.shift() ?? { text: '' };
    if ('hang' in step) return;
    if ('fail' in step) return json(step.fail, { error: { message: 'scripted failure' } });
    json(200, { text: step.text });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...more) => steps.push(...more),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
