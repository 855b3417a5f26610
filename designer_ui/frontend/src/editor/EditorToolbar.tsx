/** The bar above the canvas: flow name, save and lock state, undo/redo, layout and the main actions. */

import { memo } from 'react';
import type { FlowDocument, Problem } from '../api/types';
import { AnalyticsToggle } from '../analytics';
import type { DialogName } from './dialogs/EditorDialogs';
import type { Autosave, SaveStatus } from './hooks/useAutosave';
import type { EditLock } from './hooks/useEditLock';
import type { SideTab } from './panels/SidePanel';
import type { DocumentStore } from './store/documentStore';
import { plural } from '../common/plural';

const SAVE_LABELS: Record<SaveStatus, string> = {
  saved: 'All changes saved',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
  conflict: 'Conflict: someone else saved',
  blocked: 'Not saved: locked',
};

interface ToolbarProps {
  doc: FlowDocument;
  store: DocumentStore;
  readOnly: boolean;
  lock: EditLock;
  isDeveloper: boolean;
  autosave: Autosave;
  problems: Problem[];
  onLayout(): void;
  onFit(): void;
  onValidate(): void;
  onOpenDialog(name: DialogName): void;
  onOpenTab(tab: SideTab): void;
}

function EditorToolbarView(props: ToolbarProps) {
  const { doc, store, readOnly, lock, isDeveloper, autosave, problems } = props;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor">
      <a href="#/flows" className="back" aria-label="Back to flows">
        ←
      </a>
      <h1 className="flow-name" data-testid="flow-name">
        {doc.name}
      </h1>
      <span className={`save-status ${autosave.status}`} data-testid="save-status" data-status={autosave.status} title={autosave.message ?? ''}>
        {SAVE_LABELS[autosave.status]}
      </span>
      {lock.status === 'other' && (
        <span className="lock-banner" data-testid="lock-banner" role="status">
          Read-only: {lock.holder ?? 'someone'} is editing this flow
          <button type="button" data-testid="lock-retry" onClick={lock.retry}>
            Try again
          </button>
        </span>
      )}
      {lock.status === 'held' && (
        <span className="lock-held" data-testid="lock-held">
          You are editing
        </span>
      )}
      {!isDeveloper && <span className="lock-banner" data-testid="read-only-role">Read-only (prompts editable)</span>}
      <span className="spacer" />
      <button type="button" className="icon" aria-label="Undo" data-testid="undo" disabled={readOnly} onClick={() => store.undo()}>
        ↶
      </button>
      <button type="button" className="icon" aria-label="Redo" data-testid="redo" disabled={readOnly} onClick={() => store.redo()}>
        ↷
      </button>
      <button type="button" data-testid="auto-layout" disabled={readOnly} onClick={props.onLayout}>
        Auto-layout
      </button>
      <button type="button" data-testid="fit-view" onClick={props.onFit}>
        Fit
      </button>
      <button type="button" data-testid="validate" onClick={props.onValidate}>
        Validate
      </button>
      <button
        type="button"
        className={errors ? 'problems-count error' : warnings ? 'problems-count warning' : 'problems-count'}
        data-testid="problems-count"
        onClick={() => props.onOpenTab('problems')}
      >
        {plural(errors, 'error')}, {plural(warnings, 'warning')}
      </button>
      <button type="button" data-testid="open-simulator" onClick={() => props.onOpenTab('simulator')}>
        Simulate
      </button>
      <AnalyticsToggle />
      {isDeveloper && (
        <button type="button" className="primary" data-testid="publish" disabled={readOnly} onClick={() => props.onOpenDialog('publish')}>
          Publish…
        </button>
      )}
      {isDeveloper && (
        <button type="button" data-testid="promote" onClick={() => props.onOpenDialog('promote')}>
          Promote…
        </button>
      )}
      <button type="button" className="icon" aria-label="Keyboard shortcuts" data-testid="help" onClick={() => props.onOpenDialog('help')}>
        ?
      </button>
    </div>
  );
}

export const EditorToolbar = memo(EditorToolbarView);
