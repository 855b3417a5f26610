/** The dashboard's time series as plain SVG: one line per figure, a shared time axis. */

import { memo } from 'react';
import type { SeriesPoint } from './types';

type Figure = 'sessions' | 'contained' | 'routed' | 'abandoned' | 'errors';

export const LINES: { key: Figure; label: string; color: string }[] = [
  { key: 'sessions', label: 'Sessions', color: '#2f6fb3' },
  { key: 'contained', label: 'Contained', color: '#2e8b57' },
  { key: 'routed', label: 'Routed', color: '#8a7fb8' },
  { key: 'abandoned', label: 'Abandoned', color: '#c98a12' },
  { key: 'errors', label: 'Errors', color: '#c0392b' },
];

const WIDTH = 900;
const HEIGHT = 240;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

function timeLabel(iso: string, bucketMinutes: number): string {
  const date = new Date(iso);
  if (bucketMinutes >= 1440) return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function ChartView({ points, bucketMinutes }: { points: SeriesPoint[]; bucketMinutes: number }) {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const top = Math.max(1, ...points.map((point) => point.sessions));
  const x = (index: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (index / (points.length - 1)) * innerW);
  const y = (value: number) => PAD.top + innerH - (value / top) * innerH;
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <figure className="analytics-chart" data-testid="series-chart" data-points={points.length}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Sessions over time">
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(top * fraction)} y2={y(top * fraction)} className="grid" />
            <text x={PAD.left - 6} y={y(top * fraction) + 4} textAnchor="end" className="tick">
              {Math.round(top * fraction)}
            </text>
          </g>
        ))}
        {points.map((point, index) =>
          index % labelEvery === 0 ? (
            <text key={point.t} x={x(index)} y={HEIGHT - 8} textAnchor="middle" className="tick">
              {timeLabel(point.t, bucketMinutes)}
            </text>
          ) : null,
        )}
        {LINES.map((line) => (
          <polyline
            key={line.key}
            data-testid={`series-${line.key}`}
            data-total={points.reduce((sum, point) => sum + point[line.key], 0)}
            fill="none"
            stroke={line.color}
            strokeWidth={line.key === 'sessions' ? 2.5 : 1.6}
            points={points.map((point, index) => `${x(index).toFixed(1)},${y(point[line.key]).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption className="legend">
        {LINES.map((line) => (
          <span key={line.key}>
            <i style={{ background: line.color }} /> {line.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export const TimeSeriesChart = memo(ChartView);
