/** What a new version changes for its callers: inputs, outputs (added, removed, retyped) and dependencies. */

import type { ManifestChanges, SignatureDiff } from '../storeTypes';

function isEmpty(diff: SignatureDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

function DiffItems({ kind, diff }: { kind: 'inputs' | 'outputs'; diff: SignatureDiff }) {
  return (
    <>
      {diff.added.map((name) => (
        <li key={`a-${name}`} className="diff-added" data-testid={`change-${kind}-added-${name}`}>
          + {kind.slice(0, -1)} <code>{name}</code> added
        </li>
      ))}
      {diff.removed.map((name) => (
        <li key={`r-${name}`} className="diff-removed" data-testid={`change-${kind}-removed-${name}`}>
          − {kind.slice(0, -1)} <code>{name}</code> removed
        </li>
      ))}
      {diff.changed.map((change) => (
        <li key={`c-${change.name}`} className="diff-changed" data-testid={`change-${kind}-changed-${change.name}`}>
          ~ {kind.slice(0, -1)} <code>{change.name}</code>: {change.from} → {change.to}
        </li>
      ))}
    </>
  );
}

export function SignatureChanges({ changes, testId = 'signature-changes' }: { changes: ManifestChanges; testId?: string }) {
  const dependencies = Object.entries(changes.dependencies);
  const nothing = isEmpty(changes.inputs) && isEmpty(changes.outputs) && dependencies.length === 0;
  return (
    <ul className="signature-changes" data-testid={testId}>
      {nothing && <li className="muted">Inputs, outputs and dependencies are unchanged.</li>}
      <DiffItems kind="inputs" diff={changes.inputs} />
      <DiffItems kind="outputs" diff={changes.outputs} />
      {dependencies.map(([name, change]) => (
        <li key={name} className="diff-changed" data-testid={`change-dependency-${name}`}>
          dependency <code>{name}</code>: {change.from ?? 'none'} → {change.to ?? 'removed'}
        </li>
      ))}
    </ul>
  );
}
