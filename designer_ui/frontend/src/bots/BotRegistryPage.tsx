/** The Bot Registry page: the registered bots, one open for editing, and its connection test. */

import { useState } from 'react';
import { hasRole, useSession } from '../auth/session';
import { useAsync } from '../common/useAsync';
import { BotEditor } from './BotEditor';
import { PROVIDERS, botsApi, type Bot } from './botsApi';
import './bots.css';

type Selection = { kind: 'none' } | { kind: 'new' } | { kind: 'bot'; name: string; created?: boolean };

function providerLabel(bot: Bot): string {
  return PROVIDERS.find((provider) => provider.id === bot.provider)?.label ?? bot.provider;
}

export function BotRegistryPage() {
  const { user } = useSession();
  const canEdit = hasRole(user, 'developer');
  const bots = useAsync(() => botsApi.list(), []);
  const [selection, setSelection] = useState<Selection>({ kind: 'none' });
  const list = bots.data ?? [];
  const open = selection.kind === 'bot' ? list.find((bot) => bot.name === selection.name) ?? null : null;

  return (
    <main className="page bots-page" data-testid="bots-page">
      <div className="page-toolbar">
        <h1>Bot Registry</h1>
        {!canEdit && <span className="muted">Read-only: only developers change bots.</span>}
        {canEdit && (
          <button type="button" className="primary" data-testid="bot-new" onClick={() => setSelection({ kind: 'new' })}>
            New bot
          </button>
        )}
      </div>
      {bots.error && <p className="form-error">{bots.error}</p>}
      <div className="split">
        <ul className="name-list" data-testid="bot-list">
          {list.map((bot) => (
            <li key={bot.name}>
              <button
                type="button"
                data-testid={`bot-item-${bot.name}`}
                aria-pressed={selection.kind === 'bot' && selection.name === bot.name}
                onClick={() => setSelection({ kind: 'bot', name: bot.name })}
              >
                <strong>{bot.name}</strong> <span className="muted">{providerLabel(bot)}</span>
              </button>
            </li>
          ))}
          {list.length === 0 && !bots.loading && <li className="muted">No bots yet.</li>}
        </ul>
        {selection.kind === 'new' && (
          <BotEditor
            key="new"
            bot={null}
            canEdit={canEdit}
            onSaved={(saved) => {
              bots.reload();
              setSelection({ kind: 'bot', name: saved.name, created: true });
            }}
            onDeleted={() => undefined}
          />
        )}
        {open && (
          <BotEditor
            key={`${open.name}`}
            bot={open}
            canEdit={canEdit}
            notice={selection.kind === 'bot' && selection.created ? 'Saved.' : null}
            onSaved={() => bots.reload()}
            onDeleted={() => {
              bots.reload();
              setSelection({ kind: 'none' });
            }}
          />
        )}
      </div>
    </main>
  );
}
