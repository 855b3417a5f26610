/** "Copy to / Promote to …": pick a target environment, see what would change, then copy. */

import { useState } from 'react';
import { BUSINESS_ENVIRONMENTS, type BusinessEnvironment } from '../api/businessApi';
import { errorMessage, getJson, sendJson } from '../api/client';
import { Dialog } from '../common/Dialog';

interface Change {
  kind: string;
  name: string;
  change: 'added' | 'changed';
  detail: string;
}

interface Promotion {
  from: BusinessEnvironment;
  to: BusinessEnvironment;
  applied: boolean;
  summary: string;
  changes: Change[];
}

const diffOf = (from: BusinessEnvironment, to: BusinessEnvironment) =>
  getJson<Promotion>(`/business/promotion?from=${from}&to=${to}`);
const promote = (from: BusinessEnvironment, to: BusinessEnvironment) =>
  sendJson<Promotion>('POST', '/business/promotion', { from, to });

export function PromoteControls({ source, onDone }: { source: BusinessEnvironment; onDone(): void }) {
  const targets = BUSINESS_ENVIRONMENTS.filter((environment) => environment !== source);
  const [target, setTarget] = useState<BusinessEnvironment | null>(null);
  const [preview, setPreview] = useState<Promotion | null>(null);
  const [result, setResult] = useState<Promotion | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(picked: BusinessEnvironment) {
    setTarget(picked);
    setPreview(null);
    setResult(null);
    setError(null);
    try {
      setPreview(await diffOf(source, picked));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function apply() {
    if (!target) return;
    try {
      setResult(await promote(source, target));
      setPreview(null);
      onDone();
    } catch (caught) {
      setError(`Not copied: ${errorMessage(caught)}`);
    }
  }

  return (
    <>
      {targets.map((environment) => (
        <button key={environment} type="button" data-testid={`business-promote-${environment}`} onClick={() => void open(environment)}>
          {environment === 'live' ? 'Promote to live…' : `Copy to ${environment}…`}
        </button>
      ))}
      {target && (
        <Dialog title={`Copy ${source} controls to ${target}`} onClose={() => setTarget(null)} testId="business-promote-dialog">
          {preview && (
            <>
              <p data-testid="business-promote-summary">{preview.summary}</p>
              <ul className="change-list">
                {preview.changes.map((change) => (
                  <li key={`${change.kind}:${change.name}`}>
                    {change.change === 'added' ? 'new' : 'changed'}: {change.detail}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result && (
            <p className="notice" data-testid="business-promote-result">
              Copied. {result.summary}
            </p>
          )}
          {error && (
            <p className="form-error" role="alert" data-testid="business-promote-error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setTarget(null)}>
              {result ? 'Close' : 'Cancel'}
            </button>
            {preview && !result && (
              <button type="button" className="primary" data-testid="business-promote-apply" disabled={preview.changes.length === 0} onClick={() => void apply()}>
                Copy {preview.changes.length} change{preview.changes.length === 1 ? '' : 's'} to {target}
              </button>
            )}
          </div>
        </Dialog>
      )}
    </>
  );
}
