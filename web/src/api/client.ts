/** The one way the web app talks to the server: JSON over /api/v1, the session cookie, and the chosen org. */

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Validation details keyed by input field ("body.email" becomes "email"). */
  fieldErrors(): Record<string, string> {
    return Array.isArray(this.details) ? byField(this.details as FieldProblem[]) : {};
  }
}

/**
 * Problems keyed by the field they name, the first one winning: the server's details and the browser's own
 * check of the same schema land on the same fields.
 */
export function byField(problems: readonly FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of problems) {
    if (typeof d?.path !== 'string' || typeof d.message !== 'string') continue;
    const field = d.path.replace(/^(body|querystring|params)\.?/, '');
    if (field && !out[field]) out[field] = d.message;
  }
  return out;
}

export const API_BASE = '/api/v1';
const ORG_KEY = 'parley.org';

let selectedOrg: string | null = readStoredOrg();

function readStoredOrg(): string | null {
  try {
    return window.localStorage.getItem(ORG_KEY);
  } catch {
    return null;
  }
}

export function currentOrg(): string | null {
  return selectedOrg;
}

/** Remembered per browser so a reload keeps the organization the person was working in. */
export function selectOrg(slug: string | null): void {
  selectedOrg = slug;
  try {
    if (slug) window.localStorage.setItem(ORG_KEY, slug);
    else window.localStorage.removeItem(ORG_KEY);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function headersFor(body: unknown): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (selectedOrg) headers['x-parley-org'] = selectedOrg;
  return headers;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (parsed.error?.message) {
      return new ApiError(
        response.status,
        parsed.error.code ?? 'error',
        parsed.error.message,
        parsed.error.details,
      );
    }
  } catch {
    // not our JSON error shape: a proxy or a crash page
  }
  return new ApiError(
    response.status,
    'http_error',
    `The server answered ${response.status}. Please try again.`,
  );
}

let onUnauthenticated: () => void = () => {};

/** The session layer listens here so an expired sign-in anywhere returns the person to the sign-in form. */
export function whenSignedOut(listener: () => void): void {
  onUnauthenticated = listener;
}

export async function send(method: string, path: string, init: { body?: unknown } = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: headersFor(init.body),
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (error.status === 401 && !path.startsWith('/auth/login')) onUnauthenticated();
    throw error;
  }
  return response;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  init: { query?: Query; body?: unknown } = {},
): Promise<T> {
  const response = await send(method, `${path}${toQueryString(init.query)}`, { body: init.body });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, query ? { query } : {});
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, { body });
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, { body });
export const del = (path: string) => request<void>('DELETE', path);
