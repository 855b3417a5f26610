/** The right-hand panel: tabs for properties, problems, variables, prompts, versions, simulator and tests. */

import type { FlowDocument, PaletteEntry, Problem } from '../../api/types';
import type { DiffView, SimulationView } from '../model/decorations';
import { PropertyPanel } from '../properties/PropertyPanel';
import type { DocumentStore } from '../store/documentStore';
import { FlowSettingsPanel } from './FlowSettingsPanel';
import { LanguagesPanel } from './LanguagesPanel';
import { PanelResizer, usePanelWidth } from './PanelResizer';
import '../editor.css';
import { ProblemsPanel } from './ProblemsPanel';
import { PromptsEditor } from './PromptsEditor';
import { VariablesEditor } from './VariablesEditor';
import { VersionsPanel } from './VersionsPanel';

export type SideTab = 'properties' | 'problems' | 'flow' | 'variables' | 'prompts' | 'languages' | 'versions' | 'simulator';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'properties', label: 'Properties' },
  { id: 'problems', label: 'Problems' },
  { id: 'flow', label: 'Flow' },
  { id: 'variables', label: 'Variables' },
  { id: 'prompts', label: 'Prompts' },
  { id: 'languages', label: 'Languages' },
  { id: 'versions', label: 'Versions' },
  { id: 'simulator', label: 'Simulator & tests' },
];

interface SidePanelProps {
  tab: SideTab;
  onTab(tab: SideTab): void;
  flowId: string;
  store: DocumentStore;
  doc: FlowDocument;
  palette: ReadonlyMap<string, PaletteEntry>;
  selected: string[];
  problems: Problem[];
  readOnly: boolean;
  canEditPrompts: boolean;
  onJump(blockId: string): void;
  onRenamed(blockId: string): void;
  onSimulation(view: SimulationView | null): void;
  onDiff(view: DiffView | null): void;
  onDraftRestored(): void;
  draftEtag(): string | null;
  onPromote(): void;
}

export function SidePanel(props: SidePanelProps) {
  const { tab, store, doc, selected } = props;
  const [width, setWidth] = usePanelWidth();
  return (
    <aside
      className={tab === 'simulator' ? 'side-panel wide' : 'side-panel'}
      aria-label="Details"
      data-testid="side-panel"
      style={width ? { width } : undefined}
    >
      <PanelResizer onResize={setWidth} />
      <div className="tabs" role="tablist">
        {TABS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={tab === item.id}
            data-testid={`tab-${item.id}`}
            onClick={() => props.onTab(item.id)}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {tab === 'properties' &&
          (selected.length === 1 && selected[0] && doc.blocks[selected[0]] ? (
            <PropertyPanel
              key={selected[0]}
              store={store}
              doc={doc}
              blockId={selected[0]}
              palette={props.palette}
              problems={props.problems}
              readOnly={props.readOnly}
              onRenamed={props.onRenamed}
            />
          ) : (
            <p className="empty" data-testid="no-selection">
              {selected.length > 1 ? `${selected.length} blocks selected.` : 'Select a block to edit its properties.'}
            </p>
          ))}
        {tab === 'problems' && <ProblemsPanel problems={props.problems} doc={doc} onJump={props.onJump} />}
        {tab === 'flow' && <FlowSettingsPanel store={store} doc={doc} readOnly={props.readOnly} />}
        {tab === 'variables' && <VariablesEditor store={store} doc={doc} readOnly={props.readOnly} />}
        {tab === 'prompts' && <PromptsEditor store={store} doc={doc} readOnly={!props.canEditPrompts} />}
        {tab === 'languages' && <LanguagesPanel flowId={props.flowId} doc={doc} onJump={props.onJump} />}
        {tab === 'versions' && (
          <VersionsPanel flowId={props.flowId} doc={doc} readOnly={props.readOnly} onDiff={props.onDiff} onRestored={props.onDraftRestored} draftEtag={props.draftEtag} onPromote={props.onPromote} />
        )}
      </div>
    </aside>
  );
}
