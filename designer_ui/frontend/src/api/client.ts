/** The one place that talks HTTP: JSON bodies, the CSRF header, errors as `ApiError`. */

const API_ROOT = '/api/v1';

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface ApiResponse<T> {
  body: T;
  etag: string | null;
  status: number;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  rawBody?: BodyInit;
  contentType?: string;
  ifMatch?: string | null;
  signal?: AbortSignal;
  accept?: string;
  /** Let the request finish after the page is gone (releasing the edit lock on close). */
  keepalive?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function buildHeaders(method: string, options: RequestOptions): Headers {
  const headers = new Headers({ Accept: options.accept ?? 'application/json' });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  else if (options.contentType) headers.set('Content-Type', options.contentType);
  if (UNSAFE.has(method) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  if (options.ifMatch) headers.set('If-Match', options.ifMatch);
  return headers;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  let details: Record<string, unknown> = {};
  try {
    const data = (await response.json()) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
    if (data.error) {
      code = data.error.code ?? code;
      message = data.error.message ?? message;
      details = data.error.details ?? {};
    }
  } catch {
    /* not JSON: keep the status text */
  }
  return new ApiError(response.status, code, message, details);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const init: RequestInit = {
    method,
    headers: buildHeaders(method, options),
    credentials: 'same-origin',
    signal: options.signal ?? null,
    keepalive: options.keepalive ?? false,
  };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  else if (options.rawBody !== undefined) init.body = options.rawBody;
  const response = await fetch(API_ROOT + path, init);
  if (!response.ok) throw await errorFrom(response);
  const etag = response.headers.get('ETag');
  const type = response.headers.get('Content-Type') ?? '';
  let body: unknown = null;
  if (response.status !== 204) {
    body = type.includes('json') ? await response.json() : await response.text();
  }
  return { body: body as T, etag, status: response.status };
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request<T>(path)).body;
}

export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await request<T>(path, { method, body: body ?? {} })).body;
}

/** The message to show a person for any error thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** `"7"` from an ETag header or a revision number. */
export function etagOf(revision: number | string | null | undefined): string | null {
  if (revision === null || revision === undefined) return null;
  const text = String(revision);
  return text.startsWith('"') || text.startsWith('W/') ? text : `"${text}"`;
}
