import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through in front of the fake Bot API for one Parley process, which the test can close like a
 * valve: calls that arrive while it is closed are held and never reach Telegram. Closing it before a
 * SIGKILL catches the process mid-update with answers unsent, the crash the inbox must survive.
 *
 * One instant cannot be survived without repeating an answer: after Telegram accepted it and before the
 * inbox recorded the update as done. Telegram has no idempotency key, so no design closes that window; the
 * tests wait for what passed the gate to be recorded (`passed`) before they kill, so that a repeat in them
 * means a real fault.
 */
export class BotApiGate {
  private open = true;
  /** Calls held while closed. */
  held = 0;
  /** Bodies of the messages sent through before the gate closed. */
  readonly passed: string[] = [];
  /** When each message passed through, and when Telegram's answer had been handed back (performance.now()). */
  readonly sends: { chatId: number; sentAt: number; answeredAt: number | null }[] = [];

  private readonly holds = new Map<number, { released: Promise<void>; release: () => void }>();

  /** Holds the chat's messages at the gate until `release` is called; `held` tells when one is waiting. */
  hold(chatId: number): { release: () => void } {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.set(chatId, { released, release });
    return { release };
  }

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
  ) {}

  static async start(target: string): Promise<BotApiGate> {
    const upstream = new URL(target);
    let gate: BotApiGate | undefined;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (!gate!.open) {
        gate!.held += 1;
        return;
      }
      if (req.url?.endsWith('/sendMessage')) {
        gate!.passed.push(body.toString('utf8'));
        const chatId = Number(JSON.parse(body.toString('utf8')).chat_id);
        await gate!.holds.get(chatId)?.released;
        const send = { chatId, sentAt: performance.now(), answeredAt: null as number | null };
        gate!.sends.push(send);
        res.once('finish', () => {
          send.answeredAt = performance.now();
        });
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    gate = new BotApiGate(server, `http://127.0.0.1:${port}`);
    return gate;
  }

  close(): void {
    this.open = false;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
