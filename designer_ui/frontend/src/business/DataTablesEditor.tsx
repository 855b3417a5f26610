/** Data tables: view rows, import and export them as CSV. */

import { useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { useBusinessApi } from './environment';
import { NamePicker } from './NamePicker';
import { useNamedResource } from './useNamedResource';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

export function DataTablesEditor({ canEdit }: { canEdit: boolean }) {
  const resource = useNamedResource('tables');
  const businessApi = useBusinessApi();
  const [csv, setCsv] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const rows = Array.isArray(resource.value?.rows) ? (resource.value?.rows as Record<string, unknown>[]) : [];
  const columns = Array.isArray(resource.value?.columns)
    ? (resource.value?.columns as string[])
    : Array.from(new Set(rows.flatMap((row) => Object.keys(row))));

  async function importCsv(text: string) {
    if (!resource.name) return;
    try {
      await businessApi.importTableCsv(resource.name, text);
      await resource.open(resource.name);
      resource.setMessage('Imported.');
      setCsv('');
    } catch (caught) {
      resource.setMessage(`Import failed: ${errorMessage(caught)}`);
    }
  }

  async function exportCsv() {
    if (!resource.name) return;
    try {
      download(resource.name, await businessApi.tableCsv(resource.name));
    } catch (caught) {
      resource.setMessage(`Export failed: ${errorMessage(caught)}`);
    }
  }

  return (
    <section className="split" data-testid="tables-editor">
      <NamePicker names={resource.names} value={resource.name} onPick={(name) => void resource.open(name)} testId="tables" newLabel="New table name" canCreate={canEdit} />
      {resource.name && resource.value && (
        <div className="resource-form">
          <h2>
            {resource.name} {resource.value?.key ? <span className="muted">(key: {String(resource.value.key)})</span> : null}
          </h2>
          <table className="data-table compact" data-testid="table-rows">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column}>{column}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 500).map((row, index) => (
                <tr key={index}>
                  {columns.map((column) => (
                    <td key={column}>{row[column] === undefined ? '' : String(row[column])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > 500 && <p className="muted">Showing 500 of {rows.length} rows; export to see all.</p>}
          <div className="panel-actions">
            <button type="button" data-testid="table-export" onClick={() => void exportCsv()}>
              Export CSV
            </button>
            {canEdit && (
              <>
                <button type="button" data-testid="table-import-file" onClick={() => fileInput.current?.click()}>
                  Import CSV file…
                </button>
                <input
                  ref={fileInput}
                  type="file"
                  accept=".csv,text/csv"
                  hidden
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    if (file) void file.text().then(importCsv);
                    event.target.value = '';
                  }}
                />
              </>
            )}
          </div>
          {canEdit && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void importCsv(csv);
              }}
            >
              <label className="schema-field">
                <span className="field-label">Or paste CSV (first row: column names; first column: the key)</span>
                <textarea rows={5} className="mono" data-testid="table-csv" value={csv} onChange={(event) => setCsv(event.target.value)} />
              </label>
              <button type="submit" className="primary" data-testid="table-import" disabled={!csv.trim()}>
                Import
              </button>
            </form>
          )}
          {resource.message && <p className="notice" data-testid="table-message">{resource.message}</p>}
        </div>
      )}
    </section>
  );
}
