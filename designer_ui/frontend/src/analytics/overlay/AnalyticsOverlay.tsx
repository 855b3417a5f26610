/**
 * Analytics drawn on the canvas: each block's visits and drop-offs above it, each edge as a heat
 * band as thick as its traffic with the port's share as its label, and the selected block's
 * figures in a panel. Rendered inside React Flow, so it pans and zooms with the canvas.
 */

import { Panel, ViewportPortal, useStore, useStoreApi } from '@xyflow/react';
import type { ReactElement } from 'react';
import type { FlowDocument } from '../../api/types';
import { analyticsApi } from '../analyticsApi';
import { DEFAULT_FILTERS, PRESETS, queryString, type RangePreset } from '../filters';
import { count, percent } from '../format';
import type { BlockOverlay, Origin } from '../types';
import { usePolling } from '../usePolling';
import { BlockStatsPanel } from './BlockStatsPanel';
import { edgeCurve, inputPoint, outputPoint } from './geometry';
import { setOverlay, useOverlay } from './overlayState';
import '../analytics.css';
import { plural } from '../../common/plural';

const MAX_WIDTH = 18;

function HeatLayer({ doc, data }: { doc: FlowDocument; data: BlockOverlay }) {
  useStore((state) => state.nodes);
  const lookup = useStoreApi().getState().nodeLookup;
  const top = Math.max(1, data.max_visits);
  const edges: ReactElement[] = [];
  const labels: ReactElement[] = [];
  const badges: ReactElement[] = [];
  for (const [id, block] of Object.entries(doc.blocks)) {
    const node = lookup.get(id);
    if (!node) continue;
    const figures = data.blocks[id];
    const origin = node.internals.positionAbsolute;
    badges.push(
      <div key={`badge-${id}`} className="visit-badge" style={{ left: origin.x, top: origin.y - 2 }}>
        <span data-testid={`analytics-visits-${id}`} data-count={figures?.visits ?? 0}>
          {count(figures?.visits ?? 0)} visits
        </span>
        {figures && figures.dropoff > 0 && (
          <span className="dropoff" data-testid={`analytics-dropoff-${id}`} data-count={figures.dropoff}>
            {count(figures.dropoff)} dropped ({percent(figures.dropoff_rate)})
          </span>
        )}
      </div>,
    );
    for (const [port, target] of Object.entries(block.next ?? {})) {
      const targetNode = lookup.get(target);
      const taken = figures?.ports[port] ?? 0;
      if (!targetNode || taken === 0) continue;
      const curve = edgeCurve(outputPoint(node, port), inputPoint(targetNode));
      const width = 2 + (MAX_WIDTH - 2) * (taken / top);
      edges.push(<path key={`edge-${id}-${port}`} className="heat-edge" d={curve.path} strokeWidth={width} data-testid={`heat-edge-${id}-${port}`} data-width={width.toFixed(1)} />);
      labels.push(
        <div
          key={`label-${id}-${port}`}
          className="heat-label"
          style={{ left: curve.label.x, top: curve.label.y }}
          data-testid={`analytics-port-${id}-${port}`}
          data-count={taken}
          data-share={figures?.port_share[port] ?? 0}
        >
          {count(taken)} · {percent(figures?.port_share[port])}
        </div>,
      );
    }
  }
  return (
    <ViewportPortal>
      <svg className="heat-layer" width={1} height={1}>
        {edges}
      </svg>
      {labels}
      {badges}
    </ViewportPortal>
  );
}

export function AnalyticsOverlay({ doc }: { doc: FlowDocument }) {
  const settings = useOverlay();
  const selected = useStore((state) => state.nodes.find((node) => node.selected)?.id ?? null);
  const filters = { ...DEFAULT_FILTERS, preset: settings.preset, origin: settings.origin };
  const polled = usePolling(
    () => analyticsApi.blocks(doc.id, queryString(filters)),
    `overlay:${doc.id}:${settings.preset}:${settings.origin}`,
    undefined,
    settings.enabled,
  );
  if (!settings.enabled) return null;
  const data = polled.data;
  return (
    <>
      {data && <HeatLayer doc={doc} data={data} />}
      <Panel position="top-right">
        <div className="analytics-overlay-panel" data-testid="analytics-overlay">
          <h3>Analytics</h3>
          <label>
            Range{' '}
            <select data-testid="overlay-range" value={settings.preset} onChange={(event) => setOverlay({ preset: event.target.value as RangePreset })}>
              {PRESETS.map((preset) => (
                <option key={preset.id} value={preset.id}>
                  {preset.label}
                </option>
              ))}
            </select>
          </label>{' '}
          <select data-testid="overlay-origin" aria-label="Sessions" value={settings.origin} onChange={(event) => setOverlay({ origin: event.target.value as Origin })}>
            <option value="live">Live</option>
            <option value="simulator">Simulator</option>
            <option value="all">All</option>
          </select>
          {polled.error && <p className="error">{polled.error}</p>}
          {data && (
            <p data-testid="overlay-sessions" data-count={data.sessions}>
              {plural(data.sessions, 'session', 'sessions', count)}, {count(data.ended)} ended (all versions, whole hours)
            </p>
          )}
          {selected && data && <BlockStatsPanel blockId={selected} figures={data.blocks[selected]} />}
          {!selected && <p className="muted">Select a block for its input outcomes, errors and time spent.</p>}
        </div>
      </Panel>
    </>
  );
}
