/** The shapes the analytics API answers with (docs/api-v1.md, "Analytics"). */

export type Origin = 'live' | 'simulator' | 'flowtest' | 'all';

export interface AnalyticsRange {
  from: string;
  to: string;
  origin: Origin;
}

export interface Summary {
  range: AnalyticsRange;
  sessions: number;
  active: number;
  ended: number;
  contained: number;
  routed: number;
  abandoned: number;
  unrouted: number;
  errors: number;
  error_events: number;
  containment_rate: number;
  routed_rate: number;
  abandoned_rate: number;
  error_rate: number;
  avg_duration_s: number | null;
  p90_duration_s: number | null;
}

export interface SeriesPoint {
  t: string;
  sessions: number;
  ended: number;
  contained: number;
  routed: number;
  abandoned: number;
  unrouted: number;
  errors: number;
}

export interface Series {
  range: AnalyticsRange;
  bucket_minutes: number;
  points: SeriesPoint[];
}

export interface BlockFigures {
  visits: number;
  ports: Record<string, number>;
  port_share: Record<string, number>;
  dropoff: number;
  dropoff_rate: number;
  inputs: Record<string, number>;
  match_rate: number;
  noinput_rate: number;
  nomatch_rate: number;
  errors: Record<string, number>;
  error_count: number;
  error_rate: number;
  time: { visits: number; total_s: number; avg_s: number | null };
  milestones: Record<string, number>;
  intents: Record<string, number>;
}

export interface BlockOverlay {
  flow_id: string;
  range: AnalyticsRange;
  sessions: number;
  ended: number;
  outcomes: Record<string, number>;
  max_visits: number;
  blocks: Record<string, BlockFigures>;
}

export interface PathEntry {
  path: string[];
  truncated: boolean;
  sessions: number;
  share: number;
  outcomes: Record<string, number>;
}

export interface Paths {
  sessions: number;
  paths: PathEntry[];
  /** Block labels by id, for the blocks that have one. */
  labels: Record<string, string>;
}

export interface FunnelStep {
  milestone: string;
  sessions: number;
  rate: number;
  rate_from_previous: number;
}

export interface Funnel {
  sessions: number;
  steps: FunnelStep[];
}

export interface MilestoneEntry {
  name: string;
  events: number;
  sessions: number;
  share: number;
  blocks: Record<string, number>;
}

export interface Milestones {
  sessions: number;
  ended: number;
  milestones: MilestoneEntry[];
}

export interface Facets {
  flows: { flow_id: string; versions: string[] }[];
  environments: string[];
  channels: string[];
  entry_points: string[];
}
