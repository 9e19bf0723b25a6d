/**
 * RFC 9457 problem details. Services throw `HttpProblem`; the error handler renders every error, including
 * validation errors (which name the field) and unknown routes, as `application/problem+json`.
 */
export const PROBLEM_BASE = 'urn:samsvar:problem:';

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [ext: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: string;
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    slug: string,
    detail: string,
    opts: { errors?: FieldError[]; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.errors = opts.errors;
    this.extensions = opts.extensions;
    this.headers = opts.headers;
  }

  toBody(instance?: string): ProblemBody {
    return problemBody(this.status, this.slug, this.message, { instance, errors: this.errors, ...this.extensions });
  }
}

export function problemBody(
  status: number,
  slug: string,
  detail: string,
  extra: { instance?: string; errors?: FieldError[]; [k: string]: unknown } = {},
): ProblemBody {
  const body: ProblemBody = { type: PROBLEM_BASE + slug, title: TITLES[status] ?? 'Error', status, detail };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) body[k] = v;
  return body;
}

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'validation', detail, { errors }),
  invalidField: (field: string, message: string) =>
    new HttpProblem(400, 'validation', `${field}: ${message}`, { errors: [{ field, message }] }),
  unauthenticated: (detail = 'Log in or send a valid API token.') => new HttpProblem(401, 'unauthenticated', detail),
  forbidden: (detail = 'Your role does not allow this.') => new HttpProblem(403, 'forbidden', detail),
  notFound: (what: string) => new HttpProblem(404, 'not-found', `${what} was not found.`),
  conflict: (detail: string) => new HttpProblem(409, 'conflict', detail),
  tooMany: (detail: string, retryAfterSeconds: number) =>
    new HttpProblem(429, 'rate-limited', detail, { headers: { 'retry-after': String(retryAfterSeconds) } }),
};
