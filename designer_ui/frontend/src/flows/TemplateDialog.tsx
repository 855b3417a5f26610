/** A new flow from a starting point: an example or an installed MicroApp, under a new id. */

import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { Dialog } from '../common/Dialog';
import { useAsync } from '../common/useAsync';
import { libraryApi } from './libraryApi';
import { FLOW_ID_PATTERN, slugify } from './newFlowDocument';

export function TemplateDialog({ onClose, onCreated }: { onClose(): void; onCreated(id: string): void }) {
  const templates = useAsync(() => libraryApi.templates(), []);
  const [template, setTemplate] = useState('');
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const effectiveId = idEdited ? id : slugify(name);
  const picked = templates.data?.find((item) => item.id === template);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!FLOW_ID_PATTERN.test(effectiveId)) {
      setError('The id uses lower-case letters, digits and dashes.');
      return;
    }
    try {
      await libraryApi.fromTemplate(template, effectiveId, name.trim());
      onCreated(effectiveId);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <Dialog title="New flow from a template" onClose={onClose} testId="template-dialog" wide>
      <form onSubmit={submit} className="form-grid">
        <label>
          Start from
          <select data-testid="template-pick" value={template} onChange={(event) => setTemplate(event.target.value)}>
            <option value="">Choose…</option>
            {(['example', 'microapp'] as const).map((source) => (
              <optgroup key={source} label={source === 'example' ? 'Examples' : 'Installed MicroApps'}>
                {(templates.data ?? [])
                  .filter((item) => item.source === source)
                  .map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.name} ({item.id.replace(/^[a-z]+:/, '')})
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        {picked && (
          <p className="muted" data-testid="template-description">
            {picked.description || 'No description.'} — {picked.kind}, {picked.channels.join(', ')}
          </p>
        )}
        {templates.error && <p className="form-error">{templates.error}</p>}
        <label>
          Name
          <input data-testid="template-flow-name" value={name} onChange={(event) => setName(event.target.value)} required />
        </label>
        <label>
          Id
          <input
            data-testid="template-flow-id"
            value={effectiveId}
            onChange={(event) => {
              setIdEdited(true);
              setId(event.target.value);
            }}
          />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" data-testid="template-submit" disabled={!template || !name.trim()}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
