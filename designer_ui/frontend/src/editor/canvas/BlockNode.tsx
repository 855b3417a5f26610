/** One block on the canvas: header, phase, note and problem badges, an input handle and one handle
 * per port; tinted with the block's own colour when it has one. Zoomed out, a plain box with the
 * label in large type and the bare handles the wires end at (levels of detail). */

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo, type CSSProperties } from 'react';
import { PHASE_LABELS } from '../../api/types';
import { blockPortLabel } from '../model/ports';
import '../editor.css';
import { blockSummary } from './blockSummary';
import './blockAppearance.css';
import './levelOfDetail.css';
import { blockColor } from './blockColor';
import { iconGlyph } from './blockIcons';
import { HEADER_HEIGHT } from '../model/geometry';
import { portHandleY } from './handleLayout';
import { useZoomedOut } from './levelOfDetail';
import type { BlockNode as BlockNodeType } from './nodeData';

function classes(data: BlockNodeType['data'], selected: boolean): string {
  const list = ['block-node'];
  if (selected) list.push('selected');
  if (data.problems?.errors) list.push('has-errors');
  else if (data.problems?.warnings) list.push('has-warnings');
  if (data.simulation) list.push(`sim-${data.simulation}`);
  if (data.diff) list.push(`diff-${data.diff}`);
  if (data.lane) list.push(`lane-${data.lane}`);
  else if (!data.ghost) list.push('lane-none');
  if (blockColor(data.block.ui?.color)) list.push('has-color');
  return list.join(' ');
}

/** Where a port's handle sits: where the canvas told React Flow it is (handleLayout.ts). */
function portHandleStyle(index: number): CSSProperties {
  return { top: portHandleY(index) };
}

/** The port rows start below the header, where the port handles are. */
const PORT_ROWS_STYLE: CSSProperties = { top: HEADER_HEIGHT };

/** How many lines of the large label fit a block of this height. */
function overviewLines(height: number | undefined): number {
  return Math.max(1, Math.floor(((height ?? 100) - 8) / 40));
}

function blockStyle(own: string | null, extra?: CSSProperties): CSSProperties | undefined {
  if (!own) return extra;
  return { ...extra, '--block-color': own } as CSSProperties;
}

/** Zoomed out: one box, one label; no icon, badges, summary, port names or handles (the wires
 * end where handleLayout.ts says; connecting is done zoomed in). */
function BlockOverview({ data, selected, height }: NodeProps<BlockNodeType>) {
  const { block, entry, blockId } = data;
  const label = block.label || blockId;
  const own = blockColor(block.ui?.color);
  const lines = { '--overview-lines': overviewLines(height) } as CSSProperties;
  return (
    <div
      className={`${classes(data, !!selected)} overview`}
      style={blockStyle(own, lines)}
      data-testid={data.ghost ? `ghost-${blockId}` : `block-${blockId}`}
      data-block-id={blockId}
      data-sim={data.simulation ?? undefined}
      data-diff={data.diff ?? undefined}
      data-lane={data.lane ?? undefined}
    >
      <div className="block-header block-overview" style={{ background: entry?.color ?? '#777' }}>
        <span className="block-label">{label}</span>
      </div>
    </div>
  );
}

function BlockDetail({ data, selected }: NodeProps<BlockNodeType>) {
  const { block, entry, blockId, ports, problems } = data;
  const label = block.label || blockId;
  const color = entry?.color ?? '#777';
  const own = blockColor(block.ui?.color);
  const note = block.ui?.note?.trim();
  const summary = useMemo(() => blockSummary(block, entry), [block, entry]);
  return (
    <div
      className={classes(data, !!selected)}
      style={blockStyle(own)}
      data-color={own ?? undefined}
      data-testid={data.ghost ? `ghost-${blockId}` : `block-${blockId}`}
      data-block-id={blockId}
      data-sim={data.simulation ?? undefined}
      data-diff={data.diff ?? undefined}
      data-lane={data.lane ?? undefined}
      title={entry?.help}
    >
      <Handle type="target" position={Position.Left} id="in" className="in-handle" data-testid={`in-${blockId}`} />
      <div className="block-header" style={{ background: color }}>
        <span className="block-icon" aria-hidden="true">
          {iconGlyph(entry?.icon, entry?.label ?? block.type)}
        </span>
        <span className="block-label">{label}</span>
      </div>
      <div className="block-meta">
        <span className="block-type">{entry?.label ?? `Unknown type: ${block.type}`}</span>
        {data.entryOf && (
          <span className="entry-badge" data-testid={`entry-badge-${blockId}`}>
            ▶ {PHASE_LABELS[data.entryOf]} entry
          </span>
        )}
        {note && (
          <span className="note-badge" role="img" aria-label={`Note: ${note}`} title={note} data-testid={`note-badge-${blockId}`}>
            ✎
          </span>
        )}
        {problems && (problems.errors > 0 || problems.warnings > 0) && (
          <span
            className={problems.errors ? 'problem-badge error' : 'problem-badge warning'}
            data-testid={`problem-badge-${blockId}`}
            title={problems.first}
          >
            {problems.errors || problems.warnings}
          </span>
        )}
      </div>
      {summary && (
        <div className="block-summary" data-testid={`summary-${blockId}`} title={summary}>
          {summary}
        </div>
      )}
      <ul className="block-ports" style={PORT_ROWS_STYLE}>
        {ports.map((port) => (
          <li key={port} className="block-port">
            <span className="port-label">{blockPortLabel(port, block, entry)}</span>
          </li>
        ))}
      </ul>
      {ports.map((port, index) => (
        <Handle
          key={port}
          type="source"
          position={Position.Right}
          id={port}
          className="port-handle"
          style={portHandleStyle(index)}
          data-testid={`port-${blockId}-${port}`}
          aria-label={`${label}: ${port}`}
        />
      ))}
    </div>
  );
}

function BlockNodeView(props: NodeProps<BlockNodeType>) {
  return useZoomedOut() ? <BlockOverview {...props} /> : <BlockDetail {...props} />;
}

function samePorts(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((port, index) => port === b[index]));
}

/** Whether a block looks the same: a block moved (its position is in the document too) is drawn
 * as before, so moving every block (auto-layout, undo) re-renders none of them. */
function sameLook(before: NodeProps<BlockNodeType>, after: NodeProps<BlockNodeType>): boolean {
  const a = before.data;
  const b = after.data;
  const same = (key: keyof BlockNodeType['data']) => a[key] === b[key];
  return (
    before.selected === after.selected &&
    before.height === after.height &&
    (a.block === b.block ||
      (a.block.type === b.block.type &&
        a.block.label === b.block.label &&
        a.block.props === b.block.props &&
        a.block.next === b.block.next &&
        a.block.ui?.color === b.block.ui?.color &&
        a.block.ui?.note === b.block.ui?.note)) &&
    samePorts(a.ports, b.ports) &&
    (['blockId', 'entry', 'lane', 'entryOf', 'problems', 'simulation', 'diff', 'ghost'] as const).every(same)
  );
}

export const BlockNode = memo(BlockNodeView, sameLook);
