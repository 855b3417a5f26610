/** The table of flows on the flow list page. */

import type { FlowLock, FlowSummary } from '../api/types';
import { flowsApi } from '../api/endpoints';

export function lockHolderName(lock: FlowLock | null | undefined): string | null {
  if (!lock || !lock.holder) return null;
  if (typeof lock.holder === 'string') return lock.holder;
  return lock.holder.display_name || lock.holder.username || null;
}

interface FlowTableProps {
  flows: FlowSummary[];
  /** Given to developers: the Copy and Delete actions. */
  onCopy?(flow: FlowSummary): void;
  onDelete?(flow: FlowSummary): void;
}

export function FlowTable({ flows, onCopy, onDelete }: FlowTableProps) {
  if (flows.length === 0) return <p className="empty" data-testid="flow-list-empty">No flows yet.</p>;
  return (
    <table className="data-table" data-testid="flow-list">
      <thead>
        <tr>
          <th>Name</th>
          <th>Id</th>
          <th>Kind</th>
          <th>Channels</th>
          <th>Latest version</th>
          <th>Environments</th>
          <th>Updated</th>
          <th>Locked by</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {flows.map((flow) => (
          <tr key={flow.id} data-testid={`flow-row-${flow.id}`}>
            <td>
              <a href={`#/flows/${encodeURIComponent(flow.id)}`} data-testid={`open-flow-${flow.id}`}>
                {flow.name}
              </a>
            </td>
            <td className="mono">{flow.id}</td>
            <td>{flow.kind ?? 'application'}</td>
            <td>{(flow.channels ?? []).join(', ')}</td>
            <td>{flow.latest_version ?? '—'}</td>
            <td>
              {Object.entries(flow.environments ?? {})
                .map(([env, version]) => `${env}: v${version}`)
                .join(', ') || '—'}
            </td>
            <td>
              {flow.updated_at ? new Date(flow.updated_at).toLocaleString() : ''} {flow.updated_by ?? ''}
            </td>
            <td>{lockHolderName(flow.lock) ?? ''}</td>
            <td>
              <a href={flowsApi.exportUrl(flow.id)} download={`${flow.id}.json`} aria-label={`Export ${flow.name}`}>
                Export
              </a>
              {onCopy && (
                <button type="button" className="link" data-testid={`copy-flow-${flow.id}`} onClick={() => onCopy(flow)}>
                  Copy
                </button>
              )}
              {onDelete && (
                <button type="button" className="link" data-testid={`delete-flow-${flow.id}`} onClick={() => onDelete(flow)}>
                  Delete
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
