/** The editor once loaded: wires the document store, lock, autosave, canvas, panels and dialogs. */

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { flowsApi } from '../api/endpoints';
import type { FlowDraft, PaletteEntry, Problem } from '../api/types';
import { hasRole, useSession } from '../auth/session';
import { SimulatorDock } from '../simulator/SimulatorDock';
import { SimulatorPanel } from '../simulator/SimulatorPanel';
import { addMicroAppBlock, isMicroAppEntry, microAppBlockIdBase } from '../store/palette/microAppPalette';
import { FlowCanvas, type CanvasController } from './canvas/FlowCanvas';
import { NO_DECORATIONS, type CanvasDecorations } from './canvas/nodeData';
import { EditorDialogs, type DialogName } from './dialogs/EditorDialogs';
import { EditorToolbar } from './EditorToolbar';
import { useAutosave } from './hooks/useAutosave';
import { useClipboardActions } from './hooks/useClipboardActions';
import { useEditLock } from './hooks/useEditLock';
import { useShortcuts } from './hooks/useShortcuts';
import { addBlock, moveBlocks, newBlockId } from './model/documentOps';
import { autoLayout } from './model/autoLayout';
import { problemBadges, simulationDecorations, type DiffView, type SimulationView } from './model/decorations';
import { PalettePanel } from './palette/PalettePanel';
import { SidePanel, type SideTab } from './panels/SidePanel';
import { DocumentStore, useDocument } from './store/documentStore';

interface WorkspaceProps {
  flowId: string;
  draft: FlowDraft & { etag: string | null };
  paletteEntries: PaletteEntry[];
  palette: ReadonlyMap<string, PaletteEntry>;
}

export function EditorWorkspace({ flowId, draft, paletteEntries, palette }: WorkspaceProps) {
  const { user } = useSession();
  const store = useMemo(() => new DocumentStore(draft.document), []); // eslint-disable-line react-hooks/exhaustive-deps
  const doc = useDocument(store);
  const canvas = useRef<CanvasController | null>(null);
  const isDeveloper = hasRole(user, 'developer');
  const [problems, setProblems] = useState<Problem[]>(draft.problems ?? []);
  const [selected, setSelected] = useState<string[]>([]);
  const [tab, setTab] = useState<SideTab>('properties');
  const [simulatorOpen, setSimulatorOpen] = useState(false);
  // The simulator has its own dock beside the canvas; its tab and shortcut open that dock.
  const showSimulator = useCallback((open: boolean) => {
    setSimulatorOpen(open);
    window.setTimeout(() => canvas.current?.fitView(), 50); // the canvas changed width
  }, []);
  const openTab = useCallback((next: SideTab) => (next === 'simulator' ? showSimulator(true) : setTab(next)), [showSimulator]);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [simulation, setSimulation] = useState<SimulationView | null>(null);
  const [diffView, setDiffView] = useState<DiffView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reloadDraft = useCallback(async () => {
    const fresh = await flowsApi.get(flowId);
    const unsaved = autosaveRef.current?.hasUnsaved() ?? false;
    // Unsaved local edits stay one undo step away instead of being dropped.
    if (unsaved) store.replace(fresh.document);
    else store.reset(fresh.document);
    autosaveRef.current?.rebase(fresh.etag);
    setProblems(fresh.problems ?? []);
    setNotice(
      unsaved
        ? 'The draft was reloaded with the latest saved changes; Ctrl+Z brings back your unsaved edits.'
        : 'The draft was reloaded with the latest changes.',
    );
  }, [flowId, store]);

  const lock = useEditLock(flowId, isDeveloper, () => void reloadDraft());
  const readOnly = !isDeveloper || lock.status !== 'held';
  const canEditPrompts = !readOnly || (!isDeveloper && hasRole(user, 'business'));
  const autosave = useAutosave(store, flowId, draft.etag, canEditPrompts);
  const autosaveRef = useRef(autosave);
  autosaveRef.current = autosave;
  const clipboard = useClipboardActions(store, canvas, readOnly);

  useEffect(() => {
    if (autosave.problems) setProblems(autosave.problems);
  }, [autosave.problems]);

  const validate = useCallback(async () => {
    try {
      const result = await flowsApi.validate(flowId, store.current);
      setProblems(result.problems);
      setTab('problems');
    } catch (caught) {
      setNotice(`Validation failed: ${errorMessage(caught)}`);
    }
  }, [flowId, store]);

  const addBlockOfType = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      const entry = palette.get(type);
      if (!entry || readOnly) return;
      const where = position ?? canvas.current?.viewCenter() ?? { x: 100, y: 100 };
      const microApp = isMicroAppEntry(entry) ? entry : null;
      const id = newBlockId(store.current, microApp ? microAppBlockIdBase(microApp) : type);
      store.apply(microApp ? addMicroAppBlock(id, microApp, where) : addBlock(id, entry, where));
      canvas.current?.select([id]);
      setTab('properties');
    },
    [palette, readOnly, store],
  );

  // The positions are applied in a task of their own (not the one that receives ELK's last
  // answer from its worker), as one edit: one undo step puts every block back.
  const layout = useCallback(() => {
    if (readOnly) return;
    void autoLayout(store.current, palette).then((positions) => {
      window.setTimeout(() => {
        store.apply(moveBlocks(positions));
        window.setTimeout(() => canvas.current?.fitView(), 50);
      }, 0);
    });
  }, [palette, readOnly, store]);

  const jumpToBlock = useCallback((id: string) => {
    canvas.current?.select([id]);
    canvas.current?.focusBlock(id);
    setTab('properties');
  }, []);

  useShortcuts({
    undo: () => !readOnly && store.undo(),
    redo: () => !readOnly && store.redo(),
    copy: clipboard.copy,
    cut: clipboard.cut,
    paste: clipboard.paste,
    duplicate: clipboard.duplicate,
    delete: clipboard.remove,
    selectAll: () => canvas.current?.select(Object.keys(store.current.blocks)),
    clearSelection: () => canvas.current?.select([]),
    save: () => void autosave.saveNow(),
    layout,
    fitView: () => canvas.current?.fitView(),
    validate: () => void validate(),
    simulate: () => showSimulator(true),
    help: () => setDialog('help'),
    find: () => canvas.current?.openFind(),
  });

  const badges = useMemo(() => problemBadges(problems), [problems]);
  const decorations: CanvasDecorations = useMemo(() => {
    const sim = simulation ? simulationDecorations(doc, simulation) : null;
    return {
      ...NO_DECORATIONS,
      problems: badges,
      ...(sim ?? {}),
      ...(diffView ? { diff: diffView.statuses, ghosts: diffView.ghosts } : {}),
    };
  }, [badges, simulation, diffView, doc.blocks]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="editor" data-testid="editor" data-read-only={readOnly}>
      <EditorToolbar
        doc={doc}
        store={store}
        readOnly={readOnly}
        lock={lock}
        isDeveloper={isDeveloper}
        autosave={autosave}
        problems={problems}
        onLayout={layout}
        onFit={() => canvas.current?.fitView()}
        onValidate={() => void validate()}
        onOpenDialog={setDialog}
        onOpenTab={openTab}
      />
      {notice && (
        <p className="notice" data-testid="editor-notice" role="status">
          {notice}
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      )}
      {diffView && (
        <p className="notice diff-banner" data-testid="diff-banner">
          {diffView.title}
          <button type="button" data-testid="close-diff" onClick={() => setDiffView(null)}>
            Close comparison
          </button>
        </p>
      )}
      <div className="editor-body">
        <PalettePanel
          entries={paletteEntries}
          channels={doc.channels}
          kind={doc.kind ?? 'application'}
          readOnly={readOnly}
          onAdd={addBlockOfType}
        />
        <FlowCanvas
          store={store}
          palette={palette}
          decorations={decorations}
          readOnly={readOnly}
          onSelectionChange={setSelected}
          onDropBlock={addBlockOfType}
          controllerRef={canvas}
        />
        <SimulatorDock open={simulatorOpen} onOpen={showSimulator}>
          <SimulatorPanel flowId={flowId} doc={doc} onSimulation={setSimulation} />
        </SimulatorDock>
        <SidePanel
          tab={tab}
          onTab={openTab}
          flowId={flowId}
          store={store}
          doc={doc}
          palette={palette}
          selected={selected}
          problems={problems}
          readOnly={readOnly}
          canEditPrompts={canEditPrompts}
          onJump={jumpToBlock}
          onRenamed={(id) => canvas.current?.select([id])}
          onSimulation={setSimulation}
          onDiff={setDiffView}
          onDraftRestored={() => {
            // The comparison was against the draft before the restore: it no longer holds.
            setDiffView(null);
            void reloadDraft();
          }}
          draftEtag={() => autosaveRef.current.currentEtag()}
          onPromote={() => setDialog('promote')}
        />
      </div>
      <EditorDialogs
        dialog={dialog}
        onClose={() => setDialog(null)}
        flowId={flowId}
        store={store}
        autosave={autosave}
        onProblems={(found) => {
          setProblems(found);
          setTab('problems');
        }}
        onJump={jumpToBlock}
        onNotice={setNotice}
      />
    </div>
  );
}
