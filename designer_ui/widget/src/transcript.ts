/**
 * The conversation as the widget has it: messages in sequence order, each exactly once.
 *
 * Messages arrive from the answer to a request, from the event stream and from catch-up
 * fetches, in any interleaving; sequence numbers decide. A message after a gap waits until the
 * gap is filled, and the caller is told to fetch what is missing.
 */

import type { ChatMessage } from './types';

export interface Accepted {
  added: ChatMessage[];
  gap: boolean;
}

export class Transcript {
  private last = 0;
  private readonly early = new Map<number, ChatMessage>();

  get lastSeq(): number {
    return this.last;
  }

  accept(messages: readonly ChatMessage[]): Accepted {
    for (const message of messages) {
      if (message.seq > this.last) this.early.set(message.seq, message);
    }
    const added: ChatMessage[] = [];
    let next = this.early.get(this.last + 1);
    while (next) {
      this.early.delete(next.seq);
      this.last = next.seq;
      added.push(next);
      next = this.early.get(this.last + 1);
    }
    return { added, gap: this.early.size > 0 };
  }

  reset(): void {
    this.last = 0;
    this.early.clear();
  }
}
