/** The editor screen: loads the palette and the draft, then hands them to the workspace. */

import { ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { flowsApi, paletteApi } from '../api/endpoints';
import type { PaletteEntry } from '../api/types';
import { useAsync } from '../common/useAsync';
import { useMicroAppPalette } from '../store/palette/useMicroAppPalette';
import { EditorWorkspace } from './EditorWorkspace';

export function EditorPage({ flowId }: { flowId: string }) {
  const palette = useAsync(() => paletteApi.blocks(), []);
  const draft = useAsync(() => flowsApi.get(flowId), [flowId]);
  const entries = useMicroAppPalette(palette.data);
  const paletteMap = useMemo(
    () => new Map<string, PaletteEntry>((entries ?? []).map((entry) => [entry.type, entry])),
    [entries],
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
  if (!entries || !draft.data) return <p className="loading" data-testid="editor-loading">Opening the flow…</p>;
  return (
    <ReactFlowProvider>
      <EditorWorkspace flowId={flowId} draft={draft.data} paletteEntries={entries} palette={paletteMap} />
    </ReactFlowProvider>
  );
}
