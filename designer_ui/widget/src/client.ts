/**
 * Talks to the chat API: start, send, end, catch up, and the event stream.
 *
 * A message is sent with a client_message_id and retried with the same id when the network
 * fails or the server asks to wait (429), so a retry never counts twice. No cookies are sent:
 * the session id is the visitor's key, and the page may be on another site.
 */

import type { ChatMessage, ChatTurn, WidgetConfig } from './types';

export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function newClientMessageId(): string {
  const random = crypto.getRandomValues(new Uint32Array(4));
  return Array.from(random, (n) => n.toString(36)).join('-');
}

export class ChatClient {
  private readonly base: string;

  constructor(private readonly config: WidgetConfig) {
    this.base = `${config.server.replace(/\/+$/, '')}/api/v1/chat`;
  }

  start(): Promise<ChatTurn> {
    const body = { visitor_id: this.config.visitorId ?? '', fields: this.config.fields ?? {} };
    return this.call<ChatTurn>('POST', `/${encodeURIComponent(this.config.entry)}/sessions`, body);
  }

  send(sessionId: string, body: { text: string } | { choice: string }, clientMessageId: string): Promise<ChatTurn> {
    return this.call<ChatTurn>('POST', `/sessions/${encodeURIComponent(sessionId)}/messages`, {
      ...body,
      client_message_id: clientMessageId,
    });
  }

  messagesAfter(sessionId: string, after: number): Promise<ChatTurn> {
    return this.call<ChatTurn>('GET', `/sessions/${encodeURIComponent(sessionId)}/messages?after=${after}`);
  }

  end(sessionId: string): Promise<ChatTurn> {
    return this.call<ChatTurn>('DELETE', `/sessions/${encodeURIComponent(sessionId)}`);
  }

  streamUrl(sessionId: string, after: number): string {
    return `${this.base}/sessions/${encodeURIComponent(sessionId)}/events?after=${after}`;
  }

  /** One request, retried on network failures and 429/502/503/504 with the same body. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(this.base + path, {
          method,
          credentials: 'omit',
          headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json' },
          body: body === undefined ? null : JSON.stringify(body),
        });
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) throw error;
        await sleep(delay);
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      const retryable = [429, 502, 503, 504].includes(response.status);
      const delay = RETRY_DELAYS_MS[attempt];
      if (retryable && delay !== undefined) {
        const wait = Number(response.headers.get('Retry-After'));
        await sleep(Number.isFinite(wait) && wait > 0 ? wait * 1000 : delay);
        continue;
      }
      throw await this.errorFrom(response);
    }
  }

  private async errorFrom(response: Response): Promise<ChatApiError> {
    try {
      const data = (await response.json()) as { error?: { code?: string; message?: string } };
      return new ChatApiError(response.status, data.error?.code ?? 'error', data.error?.message ?? response.statusText);
    } catch {
      return new ChatApiError(response.status, 'error', response.statusText || `HTTP ${response.status}`);
    }
  }
}

export interface StreamHandlers {
  messages(messages: ChatMessage[]): void;
  typing(): void;
  ended(): void;
  connection(state: 'open' | 'reconnecting'): void;
  gone(): void;
}

/**
 * The event stream, kept open: EventSource reconnects by itself with Last-Event-ID; when it
 * gives up (the server refused the request), a new one starts from the widget's own cursor.
 */
export class ChatStream {
  private source: EventSource | null = null;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly client: ChatClient,
    private readonly sessionId: string,
    private readonly cursor: () => number,
    private readonly on: StreamHandlers,
  ) {}

  open(): void {
    this.stopped = false;
    this.close(false);
    const source = new EventSource(this.client.streamUrl(this.sessionId, this.cursor()));
    this.source = source;
    source.onopen = () => {
      this.retry = 0;
      this.on.connection('open');
    };
    source.addEventListener('message', (event) => {
      this.on.messages([JSON.parse((event as MessageEvent<string>).data) as ChatMessage]);
    });
    source.addEventListener('typing', () => this.on.typing());
    source.addEventListener('end', () => {
      this.close(true);
      this.on.ended();
    });
    source.onerror = () => {
      this.on.connection('reconnecting');
      if (source.readyState === EventSource.CLOSED) void this.reopenLater();
    };
  }

  /** Start again now (the browser came back online). */
  restart(): void {
    if (!this.stopped) this.open();
  }

  close(stop = true): void {
    if (stop) this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
  }

  private async reopenLater(): Promise<void> {
    this.source?.close();
    this.source = null;
    try {
      this.on.messages((await this.client.messagesAfter(this.sessionId, this.cursor())).messages);
    } catch (error) {
      if (error instanceof ChatApiError && error.status === 404) {
        this.stopped = true;
        this.on.gone();
        return;
      }
    }
    const delay = Math.min(15000, 1000 * 2 ** this.retry);
    this.retry += 1;
    if (!this.stopped) this.timer = setTimeout(() => this.open(), delay);
  }
}
