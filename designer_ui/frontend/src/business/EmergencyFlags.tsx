/** Emergency flags: switch one on and every flow's emergency block takes its `on` port at once. */

import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { useBusinessApi } from './environment';

export function EmergencyFlags({ canEdit }: { canEdit: boolean }) {
  const [flags, setFlags] = useState<Record<string, boolean>>({});
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const businessApi = useBusinessApi();

  const load = async () => {
    try {
      const records = await businessApi.list('emergency');
      setFlags(Object.fromEntries(records.map((record) => [record.name, record.on === true])));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  /** Shown at once, confirmed by the server, put back if the server refuses. */
  async function setFlag(name: string, on: boolean) {
    setError(null);
    const before = flags[name];
    setFlags((current) => ({ ...current, [name]: on }));
    try {
      const result = await businessApi.setEmergency(name, on);
      setFlags((current) => ({ ...current, [name]: result.on ?? on }));
    } catch (caught) {
      setFlags((current) => {
        const next = { ...current };
        if (before === undefined) delete next[name];
        else next[name] = before;
        return next;
      });
      setError(errorMessage(caught));
    }
  }

  return (
    <section data-testid="emergency-flags">
      {error && <p className="form-error" role="alert">{error}</p>}
      <ul className="flag-list">
        {Object.entries(flags).map(([name, on]) => (
          <li key={name} className={on ? 'flag on' : 'flag'} data-testid={`emergency-${name}`} data-on={on}>
            <label className="switch">
              <input
                type="checkbox"
                role="switch"
                aria-checked={on}
                aria-label={`Emergency ${name}`}
                data-testid={`emergency-toggle-${name}`}
                checked={on}
                disabled={!canEdit}
                onChange={(event) => void setFlag(name, event.target.checked)}
              />
              <span>{name}</span>
              <strong>{on ? 'ON' : 'off'}</strong>
            </label>
          </li>
        ))}
      </ul>
      {canEdit && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!newName.trim()) return;
            void setFlag(newName.trim(), false);
            setNewName('');
          }}
        >
          <input aria-label="New flag name" placeholder="new flag name" data-testid="emergency-new-name" value={newName} onChange={(event) => setNewName(event.target.value)} />
          <button type="submit" data-testid="emergency-add" disabled={!newName.trim()}>
            Add flag
          </button>
        </form>
      )}
    </section>
  );
}
