/** Waiting conversations, grouped by queue, filterable by queue and skill. */

import { useMemo, useState } from 'react';
import type { DeskSession } from './deskApi';

function waited(since: number | null, now: number): string {
  if (since === null) return '';
  const seconds = Math.max(0, Math.round(now / 1000 - since));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

interface Props {
  sessions: DeskSession[];
  now: number;
  busy: boolean;
  onAccept(id: string): void;
}

export function QueueList({ sessions, now, busy, onAccept }: Props) {
  const [queue, setQueue] = useState('');
  const [skill, setSkill] = useState('');
  const queues = useMemo(() => [...new Set(sessions.map((s) => s.queue ?? ''))].sort(), [sessions]);
  const skills = useMemo(() => [...new Set(sessions.flatMap((s) => s.skills))].sort(), [sessions]);
  const shown = sessions.filter((s) => (!queue || s.queue === queue) && (!skill || s.skills.includes(skill)));
  const groups = new Map<string, DeskSession[]>();
  for (const session of shown) groups.set(session.queue ?? '', [...(groups.get(session.queue ?? '') ?? []), session]);

  return (
    <section className="desk-queue" aria-label="Waiting conversations">
      <h2>Waiting ({sessions.length})</h2>
      <div className="desk-filters">
        <label>
          Queue{' '}
          <select value={queue} onChange={(event) => setQueue(event.target.value)} data-testid="desk-filter-queue">
            <option value="">All</option>
            {queues.map((name) => (
              <option key={name} value={name}>
                {name || '(none)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Skill{' '}
          <select value={skill} onChange={(event) => setSkill(event.target.value)} data-testid="desk-filter-skill">
            <option value="">All</option>
            {skills.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {shown.length === 0 && <p className="desk-muted">Nobody is waiting.</p>}
      {[...groups.entries()].map(([name, members]) => (
        <div key={name} className="desk-group">
          <h3>{name || '(no queue)'}</h3>
          <ul>
            {members.map((session) => (
              <li key={session.id} className="desk-waiting" data-testid="desk-waiting" data-session={session.id}>
                <div>
                  <strong>{session.visitor_id || 'Visitor'}</strong>{' '}
                  <span className="desk-muted">waiting {waited(session.waiting_since, now)}</span>
                </div>
                <div className="desk-muted">
                  Skills: {session.skills.join(', ') || '—'} · priority {session.priority}
                </div>
                <div className="desk-muted">
                  {Object.entries(session.data)
                    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
                    .join(' · ')}
                </div>
                <button type="button" disabled={busy} onClick={() => onAccept(session.id)} data-testid="desk-accept">
                  Accept
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
