/** Create a flow: name, id (a slug), kind and channels. */

import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { flowsApi } from '../api/endpoints';
import { FLOW_KIND_LABELS, type Channel, type FlowKind } from '../api/types';
import { Dialog } from '../common/Dialog';
import { FLOW_ID_PATTERN, newFlowDocument, slugify } from './newFlowDocument';

export function CreateFlowDialog({ onClose, onCreated }: { onClose(): void; onCreated(id: string): void }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [kind, setKind] = useState<FlowKind>('application');
  const [channels, setChannels] = useState<Channel[]>(['voice', 'chat']);
  const [error, setError] = useState<string | null>(null);
  const effectiveId = idEdited ? id : slugify(name);

  function toggleChannel(channel: Channel) {
    setChannels((current) => (current.includes(channel) ? current.filter((c) => c !== channel) : [...current, channel]));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!FLOW_ID_PATTERN.test(effectiveId)) {
      setError('The id uses lower-case letters, digits and dashes.');
      return;
    }
    try {
      await flowsApi.create(newFlowDocument(effectiveId, name.trim(), channels, kind));
      onCreated(effectiveId);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <Dialog title="New flow" onClose={onClose} testId="create-flow-dialog">
      <form onSubmit={submit} className="form-grid">
        <label>
          Name
          <input data-testid="new-flow-name" value={name} onChange={(event) => setName(event.target.value)} required />
        </label>
        <label>
          Id
          <input
            data-testid="new-flow-id"
            value={effectiveId}
            onChange={(event) => {
              setIdEdited(true);
              setId(event.target.value);
            }}
          />
        </label>
        <label>
          Kind
          <select
            data-testid="new-flow-kind"
            value={kind}
            onChange={(event) => {
              const chosen = event.target.value as FlowKind;
              setKind(chosen);
              if (chosen === 'outbound') setChannels(['voice']); // the dialer places calls
            }}
          >
            {(Object.keys(FLOW_KIND_LABELS) as FlowKind[]).map((option) => (
              <option key={option} value={option}>{FLOW_KIND_LABELS[option]}</option>
            ))}
          </select>
        </label>
        {kind === 'in_queue' && (
          <p className="hint" data-testid="new-flow-kind-hint">
            Runs while a customer waits in a queue: it reads <code>system.Queue</code> and cannot route or transfer. End it with a terminate whose reason is voicemail, callback or leave to take the customer out of the queue.
          </p>
        )}
        {kind === 'outbound' && (
          <p className="hint" data-testid="new-flow-kind-hint">
            Runs when a customer answers a callback: voice only, reads <code>system.Callback</code>, and cannot book another callback.
          </p>
        )}
        <fieldset>
          <legend>Channels</legend>
          {(['voice', 'chat'] as Channel[]).map((channel) => (
            <label key={channel} className="inline">
              <input
                type="checkbox"
                data-testid={`new-flow-channel-${channel}`}
                checked={channels.includes(channel)}
                disabled={kind === 'outbound' && channel === 'chat'}
                onChange={() => toggleChannel(channel)}
              />
              {channel}
            </label>
          ))}
        </fieldset>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" data-testid="create-flow-submit" disabled={!name.trim() || channels.length === 0}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
