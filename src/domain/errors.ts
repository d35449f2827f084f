/** Errors the services raise on purpose; every adapter (HTTP, bot, MCP, tools) turns them into a clear reply. */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'unauthenticated'
  | 'locked'
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id?: number | string) =>
  new DomainError('not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);

export const forbidden = (message: string) => new DomainError('forbidden', message);

export const invalid = (message: string, details?: unknown) =>
  new DomainError('validation_failed', message, details);

export const conflict = (message: string) => new DomainError('conflict', message);
