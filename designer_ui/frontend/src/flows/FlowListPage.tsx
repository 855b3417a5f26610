/** The flow list: search, open, create (blank or from a template), copy, delete, import, export,
 * search inside flows and where-used. */

import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { flowsApi } from '../api/endpoints';
import type { FlowSummary } from '../api/types';
import { hasRole, useSession } from '../auth/session';
import { navigate } from '../common/router';
import { useAsync } from '../common/useAsync';
import { CopyFlowDialog } from './CopyFlowDialog';
import { CreateFlowDialog } from './CreateFlowDialog';
import { DeleteFlowDialog } from './DeleteFlowDialog';
import { FlowSearchPanel } from './FlowSearchPanel';
import { FlowTable } from './FlowTable';
import { ImportReplaceDialog, type PendingImport } from './ImportReplaceDialog';
import { TemplateDialog } from './TemplateDialog';

export function FlowListPage() {
  const { user } = useSession();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [creating, setCreating] = useState(false);
  const [fromTemplate, setFromTemplate] = useState(false);
  const [copying, setCopying] = useState<FlowSummary | null>(null);
  const [deleting, setDeleting] = useState<FlowSummary | null>(null);
  const [searchingInside, setSearchingInside] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pendingImport, setPendingImport] = useState<PendingImport | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const flows = useAsync(() => flowsApi.list(debounced), [debounced]);
  const canEdit = hasRole(user, 'developer');

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(query.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [query]);

  async function importFile(file: File, ifMatch: string | null = null) {
    try {
      const result = await flowsApi.import(file, ifMatch);
      setMessage(`Imported: ${result.imported.join(', ') || 'nothing'}`);
      flows.reload();
    } catch (caught) {
      const replacing = replacementOf(caught);
      if (replacing) {
        setMessage(null);
        setPendingImport({ file, ...replacing, changedMeanwhile: ifMatch !== null });
        flows.reload();
        return;
      }
      setMessage(`Import failed: ${errorMessage(caught)}`);
    }
  }

  return (
    <main className="page flow-list-page">
      <div className="page-toolbar">
        <h1>Flows</h1>
        <input
          type="search"
          placeholder="Search flows"
          aria-label="Search flows"
          data-testid="flow-search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="button" data-testid="toggle-inside-search" aria-pressed={searchingInside} onClick={() => setSearchingInside(!searchingInside)}>
          Search inside / where used
        </button>
        <span className="spacer" />
        {canEdit && (
          <>
            <button type="button" data-testid="new-from-template" onClick={() => setFromTemplate(true)}>
              From template…
            </button>
            <button type="button" data-testid="import-flow" onClick={() => fileInput.current?.click()}>
              Import…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".json,.zip"
              hidden
              data-testid="import-flow-file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void importFile(file);
                event.target.value = '';
              }}
            />
            <button type="button" className="primary" data-testid="new-flow" onClick={() => setCreating(true)}>
              New flow
            </button>
          </>
        )}
      </div>
      {message && <p className="notice" data-testid="flow-list-message">{message}</p>}
      {flows.error && <p className="form-error" role="alert">{flows.error}</p>}
      {searchingInside && <FlowSearchPanel />}
      {flows.data && (
        <FlowTable flows={flows.data} onCopy={canEdit ? setCopying : undefined} onDelete={canEdit ? setDeleting : undefined} />
      )}
      {fromTemplate && (
        <TemplateDialog
          onClose={() => setFromTemplate(false)}
          onCreated={(id) => {
            setFromTemplate(false);
            navigate({ page: 'editor', flowId: id });
          }}
        />
      )}
      {copying && (
        <CopyFlowDialog
          flow={copying}
          onClose={() => setCopying(null)}
          onCopied={(id) => {
            setCopying(null);
            setMessage(`Copied to ${id}.`);
            flows.reload();
          }}
        />
      )}
      {deleting && (
        <DeleteFlowDialog
          flow={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setMessage(`Deleted ${deleting.id}.`);
            setDeleting(null);
            flows.reload();
          }}
        />
      )}
      {pendingImport && (
        <ImportReplaceDialog
          pending={pendingImport}
          flows={flows.data ?? []}
          onCancel={() => {
            setPendingImport(null);
            setMessage('Import cancelled; nothing was replaced.');
          }}
          onReplace={() => {
            const { file, ifMatch } = pendingImport;
            setPendingImport(null);
            void importFile(file, ifMatch);
          }}
        />
      )}
      {creating && (
        <CreateFlowDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate({ page: 'editor', flowId: id });
          }}
        />
      )}
    </main>
  );
}

/** The drafts an import would replace, from its 428 (or 412, when they changed meanwhile). */
function replacementOf(error: unknown): { existing: Record<string, string>; ifMatch: string } | null {
  if (!(error instanceof ApiError) || (error.status !== 428 && error.status !== 412)) return null;
  const details = error.details as { existing?: Record<string, string>; if_match?: string };
  if (!details.existing || !details.if_match) return null;
  return { existing: details.existing, ifMatch: details.if_match };
}
