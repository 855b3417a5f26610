/** The editor's dialogs in one place: publish, promote, shortcuts help, and the save conflict. */

import type { Problem } from '../../api/types';
import type { Autosave } from '../hooks/useAutosave';
import type { DocumentStore } from '../store/documentStore';
import { ConflictDialog } from './ConflictDialog';
import { PromoteDialog } from './PromoteDialog';
import { PublishDialog } from './PublishDialog';
import { ShortcutsHelp } from './ShortcutsHelp';

export type DialogName = 'publish' | 'promote' | 'help';

interface EditorDialogsProps {
  dialog: DialogName | null;
  onClose(): void;
  flowId: string;
  store: DocumentStore;
  autosave: Autosave;
  onProblems(problems: Problem[]): void;
  onJump(blockId: string): void;
  onNotice(message: string): void;
}

export function EditorDialogs({ dialog, onClose, flowId, store, autosave, onProblems, onJump, onNotice }: EditorDialogsProps) {
  return (
    <>
      {dialog === 'publish' && (
        <PublishDialog
          flowId={flowId}
          autosave={autosave}
          onClose={onClose}
          onPublished={(version) => {
            onClose();
            onNotice(`Published version ${version}.`);
          }}
          onProblems={onProblems}
          onJump={(blockId) => {
            onClose();
            onJump(blockId);
          }}
        />
      )}
      {dialog === 'promote' && (
        <PromoteDialog flowId={flowId} flowName={store.current.name} onClose={onClose} onPromoted={(text) => onNotice(text)} />
      )}
      {dialog === 'help' && <ShortcutsHelp onClose={onClose} />}
      {autosave.conflict && <ConflictDialog conflict={autosave.conflict} mine={store.current} autosave={autosave} />}
    </>
  );
}
