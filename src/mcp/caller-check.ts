import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isJSONRPCRequest,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  type MessageExtraInfo,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * The JSON-RPC error code for a request whose credential stopped working during a long-lived session: the
 * token was revoked or expired, or its holder left the organization. It sits in JSON-RPC's range for
 * server-defined errors; the message says what happened and what to do.
 */
export const CREDENTIAL_REFUSED = -32001;

/** Why a request may not go on, as a JSON-RPC error, or null when it may. Answers faults itself. */
export type CallerCheck = () => Promise<JSONRPCErrorResponse['error'] | null>;

/**
 * A transport that checks the caller before passing each request on to the server, so every method (the
 * SDK's own ping and logging/setLevel as much as tools/call) is refused once the credential stops working.
 * Messages are passed on in the order they came, checks included; responses to our own requests
 * (an elicitation's answer) and notifications carry no new authority and are passed on unchecked.
 */
export class CallerCheckedTransport implements Transport {
  onclose?: Transport['onclose'];
  onerror?: Transport['onerror'];
  onmessage?: Transport['onmessage'];
  private inOrder: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: Transport,
    private readonly check: CallerCheck,
  ) {
    inner.onclose = () => this.onclose?.();
    inner.onerror = (error) => this.onerror?.(error);
    inner.onmessage = (message, extra) => {
      this.inOrder = this.inOrder
        .then(() => this.deliver(message, extra))
        .catch((error: Error) => this.onerror?.(error));
    };
  }

  private async deliver(message: JSONRPCMessage, extra?: MessageExtraInfo): Promise<void> {
    if (isJSONRPCRequest(message)) {
      const refusal = await this.check();
      if (refusal) {
        await this.inner.send({ jsonrpc: '2.0', id: message.id, error: refusal }).catch(() => {});
        return;
      }
    }
    this.onmessage?.(message, extra);
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(...args: Parameters<Transport['send']>): Promise<void> {
    return this.inner.send(...args);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
