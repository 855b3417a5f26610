/** The analytics dashboard: headline figures, the time series, and per-flow journeys. */

import { useState } from 'react';
import { analyticsApi, csvLink } from './analyticsApi';
import { FilterBar } from './FilterBar';
import { bucketLabel } from './format';
import { DEFAULT_FILTERS, queryString, type AnalyticsFilters } from './filters';
import { JourneyPanels } from './JourneyPanels';
import { KpiTiles } from './KpiTiles';
import { TimeSeriesChart } from './TimeSeriesChart';
import { CallbacksReportPanel } from './callbacks';
import { SurveysPanel } from './surveys';
import { usePolling } from './usePolling';
import './analytics.css';

export function AnalyticsPage({ flowId }: { flowId: string }) {
  const [filters, setFilters] = useState<AnalyticsFilters>({ ...DEFAULT_FILTERS, flow: flowId });
  const key = JSON.stringify(filters);
  // Queries are rebuilt on every poll, so a "last 24 hours" range keeps moving with the clock.
  const summary = usePolling(() => analyticsApi.summary(queryString(filters)), `summary:${key}`);
  const series = usePolling(() => analyticsApi.series(queryString(filters)), `series:${key}`);
  const exportQuery = queryString(filters);
  const facets = usePolling(() => analyticsApi.facets(filters.origin), `facets:${filters.origin}`, 15000);
  const updated = summary.updatedAt ? new Date(summary.updatedAt).toLocaleTimeString() : null;
  return (
    <main className="page analytics-page" data-testid="analytics-page">
      <div className="page-toolbar">
        <h1>Analytics</h1>
        <span className="muted" data-testid="analytics-updated" aria-live="polite">
          {updated ? `Updated ${updated}` : 'Loading…'}
        </span>
        <span className="spacer" />
        <a href={csvLink('summary', exportQuery)} download data-testid="export-summary">
          Summary CSV
        </a>
        <a href={csvLink('sessions', exportQuery)} download data-testid="export-sessions">
          Sessions CSV
        </a>
      </div>
      <FilterBar filters={filters} facets={facets.data} onChange={setFilters} />
      {summary.error && (
        <p className="error" role="alert">
          {summary.error}
        </p>
      )}
      {summary.data && <KpiTiles summary={summary.data} />}
      <section className="analytics-card">
        <header>
          <h2>Over time</h2>
          {series.data && <span className="muted">{bucketLabel(series.data.bucket_minutes)} (UTC)</span>}
        </header>
        {series.data && <TimeSeriesChart points={series.data.points} bucketMinutes={series.data.bucket_minutes} />}
      </section>
      <SurveysPanel filters={filters} />
      <CallbacksReportPanel filters={filters} />
      {filters.flow ? (
        <JourneyPanels flowId={filters.flow} filters={filters} />
      ) : (
        <p className="muted">Choose a flow to see its paths, funnel and milestones.</p>
      )}
    </main>
  );
}
