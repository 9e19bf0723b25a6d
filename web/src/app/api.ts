/**
 * The API client. Same origin, session cookie, CSRF header on unsafe methods.
 * Every non-2xx answer becomes a `ProblemError` (RFC 9457 problem details).
 */

export type FieldProblem = { field: string; message: string };

export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
};

export class ProblemError extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[];
  /** False when the answer had no problem body (e.g. a proxy's 502 page). */
  readonly hasProblemBody: boolean;

  constructor(problem: Problem, status: number, hasProblemBody = true) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ProblemError';
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title ?? '';
    this.status = problem.status ?? status;
    this.detail = problem.detail;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.hasProblemBody = hasProblemBody;
  }

  /** True when the request never reached Samsvar (network down, server stopped, a proxy answering 502–504). */
  get isNetwork(): boolean {
    return this.status === 0 || (!this.hasProblemBody && this.status >= 502 && this.status <= 504);
  }

  /** The message for a form field. Matches `email`, `/email`, `body/email`, `/body/email`, `body.email`. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => normaliseField(e.field) === field)?.message;
  }
}

export function normaliseField(field: string): string {
  return field
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .replace(/\//g, '.');
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();
/** Called when an API call (other than the session probe and login) answers 401: the session has ended. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export type RequestOptions = {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not broadcast 401 as "session ended" (used for the session probe and log-in). */
  quiet401?: boolean;
  /** Base path instead of `/api/v1`, e.g. `/events/api/v1` for the event hub's Altinn-shaped API. */
  base?: string;
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const API_BASE = '/api/v1';

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery((opts.base ?? API_BASE) + path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ProblemError({ type: 'about:network', title: 'Network error' }, 0, false);
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const isProblem = !!data && typeof data === 'object';
    const problem: Problem = isProblem ? (data as Problem) : { title: res.statusText || `HTTP ${res.status}` };
    const error = new ProblemError(problem, res.status, isProblem);
    if (res.status === 401 && !opts.quiet401) unauthorizedListeners.forEach((l) => l());
    throw error;
  }
  return data as T;
}

/** The client for an API under `base` (same cookie, CSRF header and problem handling). */
export function apiAt(base: string) {
  return {
    get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal, base }),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {}, base }),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body, base }),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body, base }),
    del: (path: string) => request<void>('DELETE', path, { base }),
  };
}

export const api = apiAt(API_BASE);

/** Encode one path segment. */
export const seg = (value: string) => encodeURIComponent(value);
