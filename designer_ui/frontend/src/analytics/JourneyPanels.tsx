/** For one flow: its most frequent paths, a funnel over chosen milestones, the milestone report. */

import { useState } from 'react';
import { analyticsApi, csvLink } from './analyticsApi';
import { queryString, type AnalyticsFilters } from './filters';
import { count, percent } from './format';
import type { Funnel, Milestones, Paths } from './types';
import { usePolling } from './usePolling';

interface Props {
  flowId: string;
  filters: AnalyticsFilters;
}

function PathsTable({ paths }: { paths: Paths }) {
  if (paths.paths.length === 0) return <p className="muted">No ended sessions in this range.</p>;
  return (
    <table className="analytics-table" data-testid="paths-table">
      <thead>
        <tr>
          <th>Sessions</th>
          <th>Share</th>
          <th>Path</th>
          <th>Outcomes</th>
        </tr>
      </thead>
      <tbody>
        {paths.paths.map((entry, index) => (
          <tr key={index} data-testid={`path-${index}`}>
            <td className="num">{count(entry.sessions)}</td>
            <td className="num">{percent(entry.share)}</td>
            <td className="path" title={entry.path.join(' → ')}>
              {entry.path.map((block) => paths.labels?.[block] ?? block).join(' → ')}
              {entry.truncated ? ' → …' : ''}
            </td>
            <td>
              {Object.entries(entry.outcomes)
                .map(([outcome, number]) => `${outcome} ${number}`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FunnelView({ funnel }: { funnel: Funnel }) {
  const top = Math.max(1, funnel.sessions);
  return (
    <ol className="funnel" data-testid="funnel">
      {funnel.steps.map((step) => (
        <li key={step.milestone} data-testid={`funnel-${step.milestone}`} data-sessions={step.sessions}>
          <span className="funnel-name">{step.milestone}</span>
          <span className="funnel-bar" style={{ width: `${Math.max(2, (step.sessions / top) * 100)}%` }} />
          <span className="funnel-figure">
            {count(step.sessions)} ({percent(step.rate)}; {percent(step.rate_from_previous)} of the step before)
          </span>
        </li>
      ))}
    </ol>
  );
}

function MilestoneTable({ report }: { report: Milestones }) {
  if (report.milestones.length === 0) return <p className="muted">No milestones reported in this range.</p>;
  return (
    <table className="analytics-table" data-testid="milestones-table">
      <thead>
        <tr>
          <th>Milestone</th>
          <th>Sessions</th>
          <th>Share of ended</th>
          <th>Events</th>
        </tr>
      </thead>
      <tbody>
        {report.milestones.map((milestone) => (
          <tr key={milestone.name} data-testid={`milestone-${milestone.name}`}>
            <td>{milestone.name}</td>
            <td className="num">{count(milestone.sessions)}</td>
            <td className="num">{percent(milestone.share)}</td>
            <td className="num">{count(milestone.events)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function JourneyPanels({ flowId, filters }: Props) {
  const [steps, setSteps] = useState('');
  const refreshKey = `${flowId}:${JSON.stringify(filters)}`;
  const query = queryString(filters);
  const paths = usePolling(() => analyticsApi.paths(flowId, queryString(filters, { limit: '10' })), `paths:${refreshKey}`);
  const report = usePolling(() => analyticsApi.milestones(flowId, queryString(filters)), `milestones:${refreshKey}`);
  const chosen = steps
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const funnel = usePolling(
    () => analyticsApi.funnel(flowId, queryString(filters, { milestones: chosen.join(',') })),
    `funnel:${refreshKey}:${chosen.join(',')}`,
    undefined,
    chosen.length > 0,
  );
  const known = report.data?.milestones.map((milestone) => milestone.name) ?? [];
  return (
    <div className="journeys">
      <section className="analytics-card">
        <header>
          <h2>Most frequent paths</h2>
          <a href={csvLink(`flows/${encodeURIComponent(flowId)}/paths`, query)} download>
            CSV
          </a>
        </header>
        {paths.error && <p className="error">{paths.error}</p>}
        {paths.data && <PathsTable paths={paths.data} />}
      </section>
      <section className="analytics-card">
        <header>
          <h2>Funnel</h2>
        </header>
        <label className="filter wide">
          <span>Milestones, in order (comma-separated)</span>
          <input data-testid="funnel-milestones" value={steps} placeholder={known.join(', ')} onChange={(event) => setSteps(event.target.value)} />
        </label>
        {funnel.error && <p className="error">{funnel.error}</p>}
        {chosen.length > 0 && funnel.data && <FunnelView funnel={funnel.data} />}
      </section>
      <section className="analytics-card">
        <header>
          <h2>Milestones</h2>
          <a href={csvLink(`flows/${encodeURIComponent(flowId)}/milestones`, query)} download>
            CSV
          </a>
        </header>
        {report.error && <p className="error">{report.error}</p>}
        {report.data && <MilestoneTable report={report.data} />}
      </section>
    </div>
  );
}
