/**
 * The widget's DOM: launcher, conversation panel, message log, menu buttons, typing indicator
 * and composer. Every text goes in through `textContent`, never as markup, so whatever a flow,
 * an agent or a visitor writes is shown as typed.
 */

import type { Button, ChatMessage } from './types';

export interface ViewActions {
  opened(): void;
  send(text: string): void;
  choose(button: Button): void;
  endChat(): void;
  restart(): void;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const AUTHOR_NAMES: Record<string, string> = { flow: 'Assistant', agent: 'Agent', visitor: 'You' };

export class WidgetView {
  readonly frame: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly typing: HTMLDivElement;
  private readonly input: HTMLInputElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly endButton: HTMLButtonElement;
  private readonly restartButton: HTMLButtonElement;
  private readonly pending = new Map<string, HTMLElement>();
  private typingTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(root: ShadowRoot, title: string, left: boolean, private readonly actions: ViewActions) {
    this.frame = element('div', { class: left ? 'dc left' : 'dc' });
    this.launcher = element('button', {
      type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'dc-panel',
      'aria-label': `Chat with us: ${title}`, 'data-testid': 'chat-launcher',
    }, 'Chat with us');
    this.panel = element('div', {
      id: 'dc-panel', class: 'panel', role: 'dialog', 'aria-label': title, 'data-testid': 'chat-panel',
    });
    this.panel.hidden = true;
    const head = element('div', { class: 'head' });
    const heading = element('h2', {}, title);
    this.endButton = element('button', { type: 'button', 'data-testid': 'chat-end' }, 'End chat');
    const minimise = element('button', { type: 'button', 'aria-label': 'Minimise chat', 'data-testid': 'chat-close' }, '–');
    head.append(heading, this.endButton, minimise);
    this.status = element('div', { class: 'status', role: 'status', 'data-testid': 'chat-status' });
    this.log = element('div', {
      class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'aria-label': 'Conversation', tabindex: '0', 'data-testid': 'chat-log',
    });
    this.typing = element('div', { class: 'typing', role: 'status', 'data-testid': 'chat-typing' }, 'Typing…');
    this.typing.hidden = true;
    this.restartButton = element('button', { type: 'button', class: 'restart', 'data-testid': 'chat-restart' }, 'Start a new chat');
    this.restartButton.hidden = true;
    const form = element('form', { class: 'compose' });
    this.input = element('input', {
      type: 'text', 'aria-label': 'Your message', placeholder: 'Type a message…', maxlength: '4000',
      autocomplete: 'off', 'data-testid': 'chat-input',
    });
    this.sendButton = element('button', { type: 'submit', 'data-testid': 'chat-send' }, 'Send');
    form.append(this.input, this.sendButton);
    this.panel.append(head, this.status, this.log, this.typing, this.restartButton, form);
    this.frame.append(this.launcher, this.panel);
    root.append(this.frame);

    this.launcher.addEventListener('click', () => this.open());
    minimise.addEventListener('click', () => this.close());
    this.endButton.addEventListener('click', () => actions.endChat());
    this.restartButton.addEventListener('click', () => actions.restart());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value;
      if (!text.trim()) return;
      this.input.value = '';
      actions.send(text);
    });
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(): void {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.input.focus();
    this.scrollDown();
    this.actions.opened();
  }

  close(): void {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  clear(): void {
    this.log.replaceChildren();
    this.pending.clear();
    this.setEnded(false);
  }

  /** Show one message of the transcript (typing marks and empty notes show nothing). */
  render(message: ChatMessage): void {
    if (message.kind === 'typing') {
      this.showTyping();
      return;
    }
    if (message.author === 'flow' || message.author === 'agent') this.hideTyping();
    if (message.client_message_id) this.settle(message.client_message_id);
    if (message.kind === 'note') {
      if (message.text) this.log.append(element('div', { class: 'note', 'data-seq': String(message.seq) }, message.text));
      this.scrollDown();
      return;
    }
    if (message.author === 'visitor') this.disableButtons();
    const bubble = element('div', { class: `msg ${message.author}`, 'data-seq': String(message.seq), 'data-testid': 'chat-message' });
    if (message.author !== 'visitor') bubble.append(element('span', { class: 'who' }, AUTHOR_NAMES[message.author] ?? ''));
    bubble.append(document.createTextNode(message.text));
    this.log.append(bubble);
    const buttons = message.data.buttons ?? [];
    if (message.kind === 'prompt' && buttons.length > 0) this.log.append(this.buttonGroup(message.text, buttons));
    this.scrollDown();
  }

  /** A visitor message on its way: shown faded until the server has it. */
  showPending(clientId: string, text: string): void {
    const bubble = element('div', { class: 'msg visitor pending', 'data-testid': 'chat-pending' }, text);
    this.pending.set(clientId, bubble);
    this.log.append(bubble);
    this.scrollDown();
  }

  failPending(clientId: string, reason: string): void {
    const bubble = this.pending.get(clientId);
    if (!bubble) return;
    bubble.classList.add('failed');
    bubble.title = reason;
    this.pending.delete(clientId);
    this.log.append(element('div', { class: 'note' }, `Not sent: ${reason}`));
  }

  setInput(secure: boolean, maxLength: number | null | undefined): void {
    this.input.type = secure ? 'password' : 'text';
    this.input.maxLength = maxLength && maxLength > 0 ? Math.min(maxLength, 4000) : 4000;
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  setEnded(ended: boolean): void {
    this.input.disabled = ended;
    this.sendButton.disabled = ended;
    this.endButton.hidden = ended;
    this.restartButton.hidden = !ended;
    if (ended) {
      this.hideTyping();
      this.disableButtons();
      // The button takes room under the log: keep the last message in view above it.
      this.scrollDown();
    }
  }

  showTyping(): void {
    this.typing.hidden = false;
    if (this.typingTimer !== null) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), 8000);
  }

  hideTyping(): void {
    this.typing.hidden = true;
    if (this.typingTimer !== null) clearTimeout(this.typingTimer);
    this.typingTimer = null;
  }

  private settle(clientId: string): void {
    this.pending.get(clientId)?.remove();
    this.pending.delete(clientId);
  }

  private buttonGroup(question: string, buttons: Button[]): HTMLElement {
    const group = element('div', { class: 'buttons', role: 'group', 'aria-label': question || 'Options' });
    for (const option of buttons) {
      const button = element('button', { type: 'button' }, option.label);
      button.addEventListener('click', () => {
        this.disableButtons();
        this.actions.choose(option);
      });
      group.append(button);
    }
    return group;
  }

  private disableButtons(): void {
    for (const button of this.log.querySelectorAll<HTMLButtonElement>('.buttons button')) button.disabled = true;
  }

  private scrollDown(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
