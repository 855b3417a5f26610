/**
 * A package's flow on the editor's own canvas, read-only: nothing can be moved, connected or
 * dropped. Blocks the new version adds or changes are outlined as in the editor's version diff,
 * and the checks' flow problems appear as badges.
 */

import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import type { FlowDocument, PaletteEntry, Problem } from '../../api/types';
import { FlowCanvas, type CanvasController } from '../../editor/canvas/FlowCanvas';
import { NO_DECORATIONS, type CanvasDecorations, type DiffStatus } from '../../editor/canvas/nodeData';
import { problemBadges } from '../../editor/model/decorations';
import { DocumentStore } from '../../editor/store/documentStore';
import type { FlowChange } from '../storeTypes';

interface ReadOnlyFlowProps {
  document: FlowDocument;
  palette: ReadonlyMap<string, PaletteEntry>;
  change: FlowChange | undefined;
  problems: Problem[];
}

const ignore = () => undefined;

function diffStatuses(change: FlowChange | undefined): Map<string, DiffStatus> {
  const statuses = new Map<string, DiffStatus>();
  for (const id of change?.added ?? []) statuses.set(id, 'added');
  for (const item of change?.changed ?? []) statuses.set(item.block, 'changed');
  return statuses;
}

export function ReadOnlyFlow({ document, palette, change, problems }: ReadOnlyFlowProps) {
  const store = useMemo(() => new DocumentStore(document), [document]);
  const controller = useRef<CanvasController | null>(null);
  const decorations: CanvasDecorations = useMemo(
    () => ({ ...NO_DECORATIONS, problems: problemBadges(problems), diff: diffStatuses(change) }),
    [problems, change],
  );
  return (
    <div className="review-canvas" data-testid={`review-canvas-${document.id}`} data-read-only="true">
      <ReactFlowProvider>
        <FlowCanvas
          store={store}
          palette={palette}
          decorations={decorations}
          readOnly
          onSelectionChange={ignore}
          onDropBlock={ignore}
          controllerRef={controller}
        />
      </ReactFlowProvider>
    </div>
  );
}
