/** The Queues page: every queue with its real-time figures (polled), and a form to create or
 * edit one. */

import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { hasRole, useSession } from '../auth/session';
import { type Queue, type QueueSettings, type Realtime, formatSkills, parseSkills, queuesApi } from './queuesApi';
import './queues.css';

const POLL_MS = 3000;
const BLANK: QueueSettings = {
  name: '',
  description: '',
  channels: ['chat', 'voice'],
  skills: {},
  service_level: { percent: 80, seconds: 20 },
  max_wait_seconds: 600,
  at_max_wait: 'failed',
  rona_seconds: 15,
  wrap_up_seconds: 0,
};

/** Only the fields the form edits: a PATCH with the queue's id or timestamps is refused. */
function settingsOf(queue: Queue): QueueSettings {
  const { name, description, channels, skills, service_level, max_wait_seconds, at_max_wait, rona_seconds, wrap_up_seconds } = queue;
  return { name, description, channels, skills, service_level, max_wait_seconds, at_max_wait, rona_seconds, wrap_up_seconds };
}

function QueueForm({ initial, onSaved, onCancel }: { initial: Queue | null; onSaved: () => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<QueueSettings>(initial ? settingsOf(initial) : BLANK);
  const [skills, setSkills] = useState(formatSkills(initial?.skills ?? {}));
  const [error, setError] = useState<string | null>(null);
  const number = (value: string) => Number(value || 0);
  const save = () => {
    const settings = { ...draft, skills: parseSkills(skills) };
    const saving = initial ? queuesApi.update(initial.id, settings) : queuesApi.create(settings);
    saving.then(onSaved, (failure: unknown) => setError(errorMessage(failure)));
  };
  return (
    <form className="queue-form" data-testid="queue-form" onSubmit={(event) => { event.preventDefault(); save(); }}>
      <label>Name<input data-testid="queue-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label>
      <label>Channels
        <select data-testid="queue-channels" value={draft.channels.join(',')}
          onChange={(e) => setDraft({ ...draft, channels: e.target.value.split(',') })}>
          <option value="chat,voice">chat and voice</option>
          <option value="chat">chat</option>
          <option value="voice">voice</option>
        </select>
      </label>
      <label>Skills (name:level, …)<input data-testid="queue-skills" value={skills} onChange={(e) => setSkills(e.target.value)} /></label>
      <label>Service level %<input type="number" data-testid="queue-sl-percent" value={draft.service_level.percent}
        onChange={(e) => setDraft({ ...draft, service_level: { ...draft.service_level, percent: number(e.target.value) } })} /></label>
      <label>within seconds<input type="number" data-testid="queue-sl-seconds" value={draft.service_level.seconds}
        onChange={(e) => setDraft({ ...draft, service_level: { ...draft.service_level, seconds: number(e.target.value) } })} /></label>
      <label>Maximum wait (s)<input type="number" data-testid="queue-max-wait" value={draft.max_wait_seconds}
        onChange={(e) => setDraft({ ...draft, max_wait_seconds: number(e.target.value) })} /></label>
      <label>Ring before next agent (s)<input type="number" data-testid="queue-rona" value={draft.rona_seconds}
        onChange={(e) => setDraft({ ...draft, rona_seconds: number(e.target.value) })} /></label>
      {error && <p className="error" role="alert" data-testid="queue-error">{error}</p>}
      <button type="submit" data-testid="queue-save">Save</button>
      <button type="button" onClick={onCancel}>Cancel</button>
    </form>
  );
}

function useRealtime(queues: Queue[]): Record<number, Realtime> {
  const [figures, setFigures] = useState<Record<number, Realtime>>({});
  const ids = queues.map((queue) => queue.id).join(',');
  useEffect(() => {
    let stopped = false;
    const poll = () => {
      Promise.all(queues.map((queue) => queuesApi.realtime(queue.id).then((r) => [queue.id, r] as const)))
        .then((pairs) => { if (!stopped) setFigures(Object.fromEntries(pairs)); })
        .catch(() => undefined);
    };
    poll();
    const timer = window.setInterval(poll, POLL_MS);
    return () => { stopped = true; window.clearInterval(timer); };
  }, [ids]);
  return figures;
}

export function QueuesPage() {
  const { user } = useSession();
  const [queues, setQueues] = useState<Queue[]>([]);
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => { queuesApi.list().then(setQueues, (failure: unknown) => setError(errorMessage(failure))); };
  useEffect(load, []);
  const figures = useRealtime(queues);
  const manager = hasRole(user, 'business');
  return (
    <main className="queues-page" data-testid="queues-page">
      <h1>Queues</h1>
      {error && <p className="error" role="alert">{error}</p>}
      {manager && editing === null && <button type="button" data-testid="queue-new" onClick={() => setEditing('new')}>New queue</button>}
      {editing !== null && (
        <QueueForm key={editing === 'new' ? 'new' : editing.id} initial={editing === 'new' ? null : editing}
          onSaved={() => { setEditing(null); load(); }} onCancel={() => setEditing(null)} />
      )}
      <table className="queues-table" data-testid="queues-table">
        <thead>
          <tr><th>Queue</th><th>Channels</th><th>Skills</th><th>Target</th><th>Waiting</th><th>Longest wait</th><th>Agents ready</th><th>Service level</th><th /></tr>
        </thead>
        <tbody>
          {queues.map((queue) => {
            const now = figures[queue.id];
            return (
              <tr key={queue.id} data-testid={`queue-row-${queue.name}`}>
                <td>{queue.name}</td>
                <td>{queue.channels.join(', ')}</td>
                <td>{formatSkills(queue.skills)}</td>
                <td>{queue.service_level.percent} % in {queue.service_level.seconds} s</td>
                <td data-testid={`queue-waiting-${queue.name}`}>{now ? now.waiting : '…'}</td>
                <td>{now ? `${Math.round(now.longest_wait_s)} s` : '…'}</td>
                <td data-testid={`queue-ready-${queue.name}`}>{now ? (now.agents.ready ?? 0) : '…'}</td>
                <td>{now && now.service_level !== null ? `${now.service_level} %` : '—'}</td>
                <td>{manager && <button type="button" data-testid={`queue-edit-${queue.name}`} onClick={() => setEditing(queue)}>Edit</button>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </main>
  );
}
