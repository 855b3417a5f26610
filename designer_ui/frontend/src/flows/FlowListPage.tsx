/** The flow list: search, open, create, import, export. */

import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { flowsApi } from '../api/endpoints';
import { hasRole, useSession } from '../auth/session';
import { navigate } from '../common/router';
import { useAsync } from '../common/useAsync';
import { CreateFlowDialog } from './CreateFlowDialog';
import { FlowTable } from './FlowTable';

export function FlowListPage() {
  const { user } = useSession();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
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
      if (replacing && window.confirm(`Replace the drafts of ${replacing.ids.join(', ')} with the imported file?`)) {
        await importFile(file, replacing.ifMatch);
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
        <span className="spacer" />
        {canEdit && (
          <>
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
      {flows.data && <FlowTable flows={flows.data} />}
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
function replacementOf(error: unknown): { ids: string[]; ifMatch: string } | null {
  if (!(error instanceof ApiError) || (error.status !== 428 && error.status !== 412)) return null;
  const details = error.details as { existing?: Record<string, string>; if_match?: string };
  if (!details.existing || !details.if_match) return null;
  return { ids: Object.keys(details.existing), ifMatch: details.if_match };
}
