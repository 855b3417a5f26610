/** The conversation an agent works on: attached data, the transcript as it grows, the reply box. */

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { deskApi, type DeskMessage } from './deskApi';
import { readableLabel } from './labels';
import { useConversation } from './useConversation';

const AUTHORS: Record<DeskMessage['author'], string> = {
  visitor: 'Visitor',
  flow: 'Bot',
  agent: 'Agent',
  system: 'System',
};

function newClientId(): string {
  return `desk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function DataTable({ title, data }: { title: string; data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  return (
    <section className="desk-data" aria-label={title}>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p className="desk-muted">None</p>
      ) : (
        <dl data-testid="desk-attached-data">
          {entries.map(([name, value]) => (
            <div key={name}>
              <dt title={name} data-key={name}>
                {readableLabel(name)}
              </dt>
              <dd>{show(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Transcript({ messages }: { messages: DeskMessage[] }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);
  return (
    <ol className="desk-transcript" role="log" aria-live="polite" aria-label="Transcript" data-testid="desk-transcript">
      {messages
        .filter((message) => message.kind !== 'typing')
        .map((message) => (
          <li key={message.seq} className={`desk-msg ${message.author}`} data-seq={message.seq}>
            <span className="desk-who">{AUTHORS[message.author]}</span>
            <span className="desk-text">{message.text}</span>
            {message.data.buttons && (
              <span className="desk-muted"> [{message.data.buttons.map((button) => button.label).join(' | ')}]</span>
            )}
          </li>
        ))}
      <li ref={end} className="desk-end-marker" aria-hidden="true" />
    </ol>
  );
}

export function ConversationView({ sessionId, onClosed }: { sessionId: string; onClosed(): void }) {
  const conversation = useConversation(sessionId);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { session, messages, ended } = conversation;

  async function send(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      conversation.apply(await deskApi.reply(sessionId, text, newClientId()));
      setDraft('');
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  }

  async function finish() {
    setBusy(true);
    try {
      conversation.apply(await deskApi.end(sessionId));
      onClosed();
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  }

  if (conversation.error) return <p className="error">{conversation.error}</p>;
  if (!session) return <p className="loading">Loading the conversation…</p>;
  return (
    <div className="desk-conversation" data-testid="desk-conversation">
      <header className="desk-conversation-head">
        <h2>
          {session.queue ?? 'Conversation'} <span className="desk-muted">· {session.visitor_id || 'visitor'}</span>
        </h2>
        <span className="desk-muted" data-testid="desk-live">
          {ended ? 'Ended' : conversation.live ? 'Live' : 'Connecting…'}
        </span>
        <button type="button" onClick={() => void finish()} disabled={busy || ended} data-testid="desk-end">
          End conversation
        </button>
      </header>
      <div className="desk-columns">
        <Transcript messages={messages} />
        <aside>
          <DataTable title="Attached data" data={session.data} />
          <DataTable title="Entry fields" data={session.fields} />
          <p className="desk-muted">
            Skills: {session.skills.join(', ') || '—'} · flow {session.flow.id} v{session.flow.version}
          </p>
        </aside>
      </div>
      <form className="desk-reply" onSubmit={(event) => void send(event)}>
        <label htmlFor="desk-reply-text" className="desk-sr-only">
          Reply
        </label>
        <textarea
          id="desk-reply-text"
          value={draft}
          maxLength={4000}
          rows={2}
          disabled={ended}
          placeholder={ended ? 'This conversation has ended.' : 'Write to the visitor… (Enter sends)'}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          data-testid="desk-reply"
        />
        <button type="submit" disabled={busy || ended || !draft.trim()} data-testid="desk-send">
          Send
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
