/** One block on the canvas: header, phase, note and problem badges, an input handle and one handle
 * per port; tinted with the block's own colour when it has one. Zoomed out, only the header and
 * the handles (levels of detail). */

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { PHASE_LABELS } from '../../api/types';
import { blockPortLabel } from '../model/ports';
import '../editor.css';
import { blockSummary } from './blockSummary';
import './blockAppearance.css';
import { blockColor } from './blockColor';
import { iconGlyph } from './blockIcons';
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

function BlockNodeView({ data, selected }: NodeProps<BlockNodeType>) {
  const { block, entry, blockId, ports, problems } = data;
  const label = block.label || blockId;
  const color = entry?.color ?? '#777';
  const own = blockColor(block.ui?.color);
  const note = block.ui?.note?.trim();
  // Zoomed out, the summary and port names are not drawn at all (levelOfDetail.ts).
  const detailed = !useZoomedOut();
  const summary = detailed ? blockSummary(block, entry) : '';
  return (
    <div
      className={classes(data, !!selected)}
      style={own ? ({ '--block-color': own } as CSSProperties) : undefined}
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
      <ul className="block-ports">
        {ports.map((port) => (
          <li key={port} className="block-port">
            <span className="port-label">{detailed ? blockPortLabel(port, block, entry) : null}</span>
            <Handle
              type="source"
              position={Position.Right}
              id={port}
              className="port-handle"
              data-testid={`port-${blockId}-${port}`}
              aria-label={`${label}: ${port}`}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

export const BlockNode = memo(BlockNodeView);
