/**
 * One embedded chat: starts or resumes the conversation, sends what the visitor types or
 * presses, and keeps the view in step with the transcript through the event stream.
 *
 * The session id and the panel's state are remembered (this tab by default), so a reload
 * resumes the same conversation: the transcript is fetched from the start once, and the
 * stream goes on from the last sequence number shown.
 */

import { ChatApiError, ChatClient, ChatStream, newClientMessageId } from './client';
import { adoptStyles, applyTheme } from './styles';
import { Transcript } from './transcript';
import type { Button, ChatMessage, ChatTurn, SessionSummary, WidgetConfig } from './types';
import { WidgetView } from './view';

interface Remembered {
  sessionId: string;
  open: boolean;
}

export class ChatWidget {
  private readonly host: HTMLElement;
  private readonly view: WidgetView;
  private readonly client: ChatClient;
  private readonly transcript = new Transcript();
  private readonly storageKey: string;
  private sessionId: string | null = null;
  private stream: ChatStream | null = null;
  private starting: Promise<void> | null = null;
  private ended = false;
  private readonly online = () => this.stream?.restart();

  constructor(private readonly config: WidgetConfig) {
    this.client = new ChatClient(config);
    this.storageKey = `designer-chat:${config.server}:${config.entry}`;
    this.host = document.createElement('div');
    this.host.setAttribute('data-designer-chat', config.entry);
    applyTheme(this.host, config.theme);
    const root = this.host.attachShadow({ mode: 'open' });
    adoptStyles(root);
    this.view = new WidgetView(root, config.title ?? 'Chat', config.theme?.position === 'left', {
      opened: () => this.opened(),
      send: (text) => void this.say({ text }, text),
      choose: (button: Button) => void this.say({ choice: button.key }, button.label),
      endChat: () => void this.endChat(),
      restart: () => void this.restart(),
    });
    document.body.append(this.host);
    window.addEventListener('online', this.online);
    const saved = this.recall();
    if (saved) void this.resume(saved);
    else if (config.open) this.view.open();
  }

  open(): void {
    this.view.open();
  }

  close(): void {
    this.view.close();
    this.remember();
  }

  destroy(): void {
    this.stream?.close();
    window.removeEventListener('online', this.online);
    this.host.remove();
  }

  private ensureSession(): Promise<void> {
    if (this.sessionId) return Promise.resolve();
    this.starting ??= this.client
      .start()
      .then((turn) => {
        this.sessionId = turn.session.id;
        this.remember();
        this.apply(turn);
        this.follow();
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  private async resume(saved: Remembered): Promise<void> {
    this.sessionId = saved.sessionId;
    if (saved.open) this.view.open();
    try {
      this.apply(await this.client.messagesAfter(saved.sessionId, 0));
    } catch (error) {
      if (error instanceof ChatApiError && error.status === 404) {
        this.forget();
        this.sessionId = null;
        if (this.view.isOpen) this.opened();
        return;
      }
      this.view.setStatus('Reconnecting…');
    }
    if (!this.ended) this.follow();
  }

  private async say(body: { text: string } | { choice: string }, shown: string): Promise<void> {
    if (this.ended) return;
    const clientId = newClientMessageId();
    this.view.showPending(clientId, shown);
    try {
      await this.ensureSession();
      this.apply(await this.client.send(this.sessionId ?? '', body, clientId));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.view.failPending(clientId, reason);
      if (error instanceof ChatApiError && (error.status === 404 || error.code === 'session_ended')) this.markEnded();
    }
  }

  private async endChat(): Promise<void> {
    if (!this.sessionId || this.ended) {
      this.view.close();
      return;
    }
    try {
      this.apply(await this.client.end(this.sessionId));
    } finally {
      this.markEnded();
    }
  }

  private async restart(): Promise<void> {
    this.stream?.close();
    this.stream = null;
    this.forget();
    this.sessionId = null;
    this.ended = false;
    this.transcript.reset();
    this.view.clear();
    this.view.setStatus('');
    await this.ensureSession();
  }

  private follow(): void {
    if (!this.sessionId) return;
    this.stream?.close();
    this.stream = new ChatStream(this.client, this.sessionId, () => this.transcript.lastSeq, {
      messages: (messages) => this.accept(messages),
      typing: () => this.view.showTyping(),
      ended: () => this.markEnded(),
      connection: (state) => this.view.setStatus(state === 'open' ? '' : 'Reconnecting…'),
      gone: () => this.markEnded(),
    });
    this.stream.open();
  }

  private apply(turn: ChatTurn): void {
    this.accept(turn.messages);
    this.session(turn.session);
  }

  private accept(messages: ChatMessage[]): void {
    const { added, gap } = this.transcript.accept(messages);
    for (const message of added) {
      this.view.render(message);
      const input = message.kind === 'prompt' ? message.data.input : undefined;
      if (message.kind === 'prompt') this.view.setInput(Boolean(input?.secure), input?.max_length);
      if (message.author === 'visitor') this.view.setInput(false, null);
    }
    if (gap && this.sessionId) void this.catchUp(this.sessionId);
  }

  private async catchUp(sessionId: string): Promise<void> {
    const turn = await this.client.messagesAfter(sessionId, this.transcript.lastSeq);
    this.apply(turn);
  }

  private session(summary: SessionSummary): void {
    if (summary.status === 'ended') this.markEnded();
  }

  private markEnded(): void {
    if (this.ended) return;
    this.ended = true;
    this.stream?.close();
    this.stream = null;
    this.view.setEnded(true);
    this.view.setStatus('This chat has ended.');
    this.forget();
  }

  private recall(): Remembered | null {
    const storage = this.storage();
    const raw = storage?.getItem(this.storageKey);
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<Remembered>;
      return typeof value.sessionId === 'string' ? { sessionId: value.sessionId, open: Boolean(value.open) } : null;
    } catch {
      return null;
    }
  }

  private opened(): void {
    this.remember();
    if (!this.sessionId && !this.ended) {
      this.ensureSession().catch(() => this.view.setStatus('Could not start the chat; try again later.'));
    }
  }

  private remember(): void {
    if (this.sessionId && !this.ended) {
      this.storage()?.setItem(this.storageKey, JSON.stringify({ sessionId: this.sessionId, open: this.view.isOpen }));
    }
  }

  private forget(): void {
    this.storage()?.removeItem(this.storageKey);
  }

  private storage(): Storage | null {
    try {
      if (this.config.persist === 'none') return null;
      return this.config.persist === 'browser' ? window.localStorage : window.sessionStorage;
    } catch {
      return null;
    }
  }
}
