/** The editor screen: loads the palette and the draft, then hands them to the workspace. */

import { ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { flowsApi, paletteApi } from '../api/endpoints';
import type { PaletteEntry } from '../api/types';
import { useAsync } from '../common/useAsync';
import { EditorWorkspace } from './EditorWorkspace';

export function EditorPage({ flowId }: { flowId: string }) {
  const palette = useAsync(() => paletteApi.blocks(), []);
  const draft = useAsync(() => flowsApi.get(flowId), [flowId]);
  const paletteMap = useMemo(
    () => new Map<string, PaletteEntry>((palette.data ?? []).map((entry) => [entry.type, entry])),
    [palette.data],
  );

  const error = palette.error ?? draft.error;
  if (error) {
    return (
      <main className="page">
        <p className="form-error" role="alert" data-testid="editor-load-error">
          Could not open the flow: {error}
        </p>
        <a href="#/flows">Back to the flows</a>
      </main>
    );
  }
  if (!palette.data || !draft.data) return <p className="loading" data-testid="editor-loading">Opening the flow…</p>;
  return (
    <ReactFlowProvider>
      <EditorWorkspace flowId={flowId} draft={draft.data} paletteEntries={palette.data} palette={paletteMap} />
    </ReactFlowProvider>
  );
}
