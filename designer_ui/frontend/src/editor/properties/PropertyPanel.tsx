/** The selected block's properties: id, label, phase entry, connections and the props form. */

import { useCallback, useMemo, useState } from 'react';
import { PHASE_LABELS, PHASES, type FlowDocument, type PaletteEntry, type Phase, type Problem } from '../../api/types';
import { BOT_PICKER_KEYS, BotPicker } from '../../bots/BotPicker';
import { connect, disconnect, isValidBlockId, renameBlock, setBlockLabel, setBlockProps, setPhaseEntry } from '../model/documentOps';
import { entryPhaseOf } from '../model/lanes';
import { portLabel, portsOf } from '../model/ports';
import type { DocumentStore } from '../store/documentStore';
import { BlockAppearance } from './BlockAppearance';
import { humanize } from './fieldLabels';
import { panelFields, type PanelField } from './fieldOrder';
import { FieldContext, SchemaField } from './SchemaField';

interface PropertyPanelProps {
  store: DocumentStore;
  doc: FlowDocument;
  blockId: string;
  palette: ReadonlyMap<string, PaletteEntry>;
  problems: readonly Problem[];
  readOnly: boolean;
  onRenamed(newId: string): void;
}

function BlockIdField({ blockId, readOnly, onRename }: { blockId: string; readOnly: boolean; onRename(id: string): boolean }) {
  const [draft, setDraft] = useState(blockId);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === blockId) return;
    if (!isValidBlockId(draft)) setError('Letters, digits, _ and -; not starting with a digit.');
    else if (!onRename(draft)) setError('Another block has this id.');
    else setError(null);
  };
  return (
    <label className="schema-field">
      <span className="field-label">Block id</span>
      <input
        data-testid="block-id"
        className="mono"
        value={draft}
        readOnly={readOnly}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

export function PropertyPanel({ store, doc, blockId, palette, problems, readOnly, onRenamed }: PropertyPanelProps) {
  const block = doc.blocks[blockId];
  const entry = block ? palette.get(block.type) : undefined;
  const blockProblems = useMemo(() => problems.filter((problem) => problem.block_id === blockId), [problems, blockId]);
  const fieldContext = useMemo(() => ({ readOnly, problems: blockProblems }), [readOnly, blockProblems]);
  const targets = useMemo(
    () => Object.entries(doc.blocks).map(([id, other]) => ({ id, label: other.label ? `${other.label} (${id})` : id })),
    [doc.blocks],
  );
  const onPropsChange = useCallback(
    (value: unknown, leafPath: string) => {
      store.apply(setBlockProps(blockId, (value ?? {}) as Record<string, unknown>), { coalesceKey: `${blockId}:props:${leafPath}` });
    },
    [store, blockId],
  );

  if (!block) return null;
  const entryOf = entryPhaseOf(doc, blockId);
  const schema = entry?.props_schema ?? {};
  const required = new Set(schema.required ?? []);
  const props = block.props ?? {};
  const fields = panelFields(entry, schema).filter((field) => block.type !== 'bot' || !BOT_PICKER_KEYS.has(field.name));
  const renderField = (field: PanelField) => (
    <SchemaField
      key={`${blockId}:${field.name}`}
      name={field.name}
      label={field.label}
      help={field.help}
      widget={field.widget}
      required={required.has(field.name)}
      schema={field.schema}
      value={props[field.name]}
      path={field.name}
      onChange={(value, leaf) => {
        const updated = { ...props };
        if (value === undefined) delete updated[field.name];
        else updated[field.name] = value;
        onPropsChange(updated, leaf);
      }}
    />
  );
  // Problems at a field are shown under it; the list below keeps only the block's own.
  const fieldNames = new Set(fields.map((field) => field.name));
  const blockLevelProblems = blockProblems.filter((problem) => !problem.path || !fieldNames.has(problem.path.split(/[.[]/)[0] ?? ''));

  return (
    <section className="property-panel" data-testid="property-panel" aria-label="Block properties">
      <header className="panel-header">
        <h2>{entry?.label ?? block.type}</h2>
        <p className="help">{entry?.help ?? `The palette has no block type '${block.type}'.`}</p>
      </header>
      <BlockIdField
        key={blockId}
        blockId={blockId}
        readOnly={readOnly}
        onRename={(id) => {
          if (doc.blocks[id]) return false;
          store.apply(renameBlock(blockId, id));
          onRenamed(id);
          return true;
        }}
      />
      <label className="schema-field">
        <span className="field-label">Label</span>
        <input
          data-testid="block-label"
          value={block.label ?? ''}
          readOnly={readOnly}
          onChange={(event) => store.apply(setBlockLabel(blockId, event.target.value), { coalesceKey: `${blockId}:label` })}
        />
      </label>
      <label className="schema-field">
        <span className="field-label">Phase entry</span>
        <select
          data-testid="phase-entry-select"
          value={entryOf ?? ''}
          disabled={readOnly}
          onChange={(event) => {
            const phase = event.target.value as Phase | '';
            store.apply(phase ? setPhaseEntry(phase, blockId) : setPhaseEntry(entryOf as Phase, null));
          }}
        >
          <option value="">Not a phase entry</option>
          {PHASES.filter((phase) => !entry || entry.phases.includes(phase)).map((phase) => (
            <option key={phase} value={phase}>
              Entry of {PHASE_LABELS[phase]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="connections" data-testid="connections">
        <legend>Connections</legend>
        {portsOf(block, entry).map((port) => (
          <label key={port} className="connection-row">
            <span className="port-name">{portLabel(port, entry)}</span>
            <select
              data-testid={`connect-${port}`}
              value={block.next?.[port] ?? ''}
              disabled={readOnly}
              onChange={(event) =>
                store.apply(event.target.value ? connect(blockId, port, event.target.value) : disconnect(blockId, port))
              }
            >
              <option value="">— ends the phase —</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {target.label}
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      <FieldContext.Provider value={fieldContext}>
        <fieldset className="props-form" data-testid="props-form">
          <legend>Properties</legend>
          {block.type === 'bot' && <BotPicker props={props} readOnly={readOnly} onChange={onPropsChange} />}
          {fields.filter((field) => !field.advanced).map(renderField)}
          {fields.some((field) => field.advanced) && (
            <details className="advanced-fields" data-testid="advanced-fields">
              <summary>Advanced</summary>
              {fields.filter((field) => field.advanced).map(renderField)}
            </details>
          )}
        </fieldset>
      </FieldContext.Provider>
      {blockLevelProblems.length > 0 && (
        <ul className="block-problems" data-testid="block-problems">
          {blockLevelProblems.map((problem, index) => (
            <li key={index} className={problem.severity}>
              {problem.path ? `${humanize(problem.path)}: ` : ''}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
      <BlockAppearance store={store} blockId={blockId} block={block} readOnly={readOnly} />
    </section>
  );
}
