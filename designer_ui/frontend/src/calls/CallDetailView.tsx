/** One call: times, flow, disposition, the path, keys (as masked by the worker), recordings,
 * transfers, milestones and latencies. Everything is rendered as text. */

import { useAsync } from '../common/useAsync';
import { callsApi } from './callsApi';
import { seconds, text, when } from './format';

function Rows({ items, testId }: { items: Record<string, unknown>[]; testId: string }) {
  if (items.length === 0) return <p>None.</p>;
  const columns = Array.from(new Set(items.flatMap((item) => Object.keys(item))));
  return (
    <table className="data-table compact calls-table" data-testid={testId}>
      <thead>
        <tr>{columns.map((column) => <th key={column}>{column}</th>)}</tr>
      </thead>
      <tbody>
        {items.map((item, index) => (
          <tr key={index}>{columns.map((column) => <td key={column}>{text(item[column])}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

export function CallDetailView({ callId }: { callId: string }) {
  const call = useAsync(() => callsApi.get(callId), [callId]);
  return (
    <main className="page calls-page" data-testid="call-detail">
      <p><a href="#/calls">← All calls</a></p>
      <h1>Call {callId}</h1>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {call.loading && !call.data && <p className="loading">Loading…</p>}
      {call.data && (
        <>
          <dl className="call-facts">
            <dt>Caller</dt><dd>{call.data.ani || '—'}</dd>
            <dt>Dialled</dt><dd>{call.data.dnis}</dd>
            <dt>Flow</dt><dd>{call.data.flow_id ? `${call.data.flow_id} v${call.data.flow_version ?? '?'} (${call.data.environment})` : '—'}</dd>
            <dt>Offered</dt><dd>{when(call.data.started_at)}</dd>
            <dt>Answered</dt><dd>{when(call.data.answered_at)} ({seconds(call.data.answer_s)})</dd>
            <dt>Ended</dt><dd>{when(call.data.ended_at)} ({seconds(call.data.duration_s)})</dd>
            <dt>Disposition</dt><dd data-testid="call-disposition">{call.data.disposition || '—'}</dd>
            <dt>Ended by</dt><dd>{call.data.ended_by || '—'}</dd>
            <dt>SIP status</dt><dd>{text(call.data.sip_status)}</dd>
            <dt>Worker</dt><dd>{call.data.worker}</dd>
            <dt>SIP Call-ID</dt><dd>{call.data.sip_call_id}</dd>
          </dl>
          <h2>Path</h2>
          <ol className="call-path" data-testid="call-path">
            {call.data.path.map((block, index) => <li key={index}>{block}</li>)}
          </ol>
          <h2>Milestones</h2>
          <p data-testid="call-milestones">{text(call.data.milestones)}</p>
          <h2>Keys</h2>
          <Rows items={call.data.dtmf} testId="call-dtmf" />
          <h2>Recordings</h2>
          <Rows items={call.data.recordings} testId="call-recordings" />
          <h2>Transfers and routes</h2>
          <Rows items={call.data.transfers} testId="call-transfers" />
          <h2>Latencies (ms)</h2>
          <Rows items={Object.entries(call.data.latencies).map(([name, value]) => ({ name, value }))} testId="call-latencies" />
          <h2>Other metrics</h2>
          <Rows items={Object.entries(call.data.metrics).map(([name, value]) => ({ name, value }))} testId="call-metrics" />
        </>
      )}
    </main>
  );
}
