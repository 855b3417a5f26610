/** Flow-wide settings: name, description, kind, channels, languages, module inputs and outputs. */

import { FLOW_KIND_LABELS, type Channel, type FlowDocument, type FlowKind } from '../../api/types';
import { setFlowFields } from '../model/documentOps';
import type { DocumentStore } from '../store/documentStore';

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function FlowSettingsPanel({ store, doc, readOnly }: { store: DocumentStore; doc: FlowDocument; readOnly: boolean }) {
  const toggleChannel = (channel: Channel) => {
    const channels = doc.channels.includes(channel) ? doc.channels.filter((c) => c !== channel) : [...doc.channels, channel];
    if (channels.length > 0) store.apply(setFlowFields({ channels }));
  };
  return (
    <section className="flow-settings" data-testid="flow-settings">
      <label className="schema-field">
        <span className="field-label">Name</span>
        <input
          data-testid="flow-setting-name"
          value={doc.name}
          readOnly={readOnly}
          onChange={(event) => store.apply(setFlowFields({ name: event.target.value }), { coalesceKey: 'flow:name' })}
        />
      </label>
      <label className="schema-field">
        <span className="field-label">Description</span>
        <textarea
          rows={3}
          value={doc.description ?? ''}
          readOnly={readOnly}
          onChange={(event) => store.apply(setFlowFields({ description: event.target.value }), { coalesceKey: 'flow:description' })}
        />
      </label>
      <label className="schema-field">
        <span className="field-label">Kind</span>
        <select
          data-testid="flow-setting-kind"
          value={doc.kind ?? 'application'}
          disabled={readOnly}
          onChange={(event) => store.apply(setFlowFields({ kind: event.target.value as FlowKind }))}
        >
          {(Object.keys(FLOW_KIND_LABELS) as FlowKind[]).map((option) => (
            <option key={option} value={option}>{FLOW_KIND_LABELS[option]}</option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Channels</legend>
        {(['voice', 'chat'] as Channel[]).map((channel) => (
          <label key={channel} className="inline">
            <input type="checkbox" checked={doc.channels.includes(channel)} disabled={readOnly} onChange={() => toggleChannel(channel)} />
            {channel}
          </label>
        ))}
      </fieldset>
      <label className="schema-field">
        <span className="field-label">Languages (first is the default)</span>
        <input
          defaultValue={(doc.languages ?? []).join(', ')}
          readOnly={readOnly}
          onBlur={(event) => {
            const languages = splitList(event.target.value);
            if (languages.length > 0) store.apply(setFlowFields({ languages }));
          }}
        />
      </label>
      {doc.kind === 'module' && (
        <>
          <label className="schema-field">
            <span className="field-label">Inputs (variables the caller binds)</span>
            <input defaultValue={(doc.inputs ?? []).join(', ')} readOnly={readOnly} onBlur={(event) => store.apply(setFlowFields({ inputs: splitList(event.target.value) }))} />
          </label>
          <label className="schema-field">
            <span className="field-label">Outputs (variables handed back)</span>
            <input defaultValue={(doc.outputs ?? []).join(', ')} readOnly={readOnly} onBlur={(event) => store.apply(setFlowFields({ outputs: splitList(event.target.value) }))} />
          </label>
        </>
      )}
    </section>
  );
}
