/** Turning problems, a simulation run and a version diff into what the canvas highlights. */

import type { FlowBlock, FlowDocument, Problem } from '../../api/types';
import { edgeId, type DiffStatus, type ProblemBadge } from '../canvas/nodeData';

export interface SimulationView {
  current: string | null;
  trace: string[];
}

export interface DiffView {
  title: string;
  statuses: ReadonlyMap<string, DiffStatus>;
  ghosts: Record<string, FlowBlock>;
}

export function problemBadges(problems: readonly Problem[]): Map<string, ProblemBadge> {
  const badges = new Map<string, ProblemBadge>();
  for (const problem of problems) {
    if (!problem.block_id) continue;
    const badge = badges.get(problem.block_id) ?? { errors: 0, warnings: 0, first: problem.message };
    if (problem.severity === 'error') badge.errors += 1;
    else badge.warnings += 1;
    badges.set(problem.block_id, badge);
  }
  return badges;
}

/** The blocks entered and the edges taken, from the run's trace of block ids. */
export function simulationDecorations(doc: FlowDocument, run: SimulationView) {
  const visited = new Set(run.trace);
  const pathEdges = new Set<string>();
  for (let i = 0; i + 1 < run.trace.length; i += 1) {
    const from = run.trace[i] as string;
    const to = run.trace[i + 1] as string;
    for (const [port, target] of Object.entries(doc.blocks[from]?.next ?? {})) {
      if (target === to) pathEdges.add(edgeId(from, port));
    }
  }
  return { current: run.current, visited, pathEdges };
}
