/**
 * Point an environment (dev, test, live) at a published version of this flow. Nothing changes
 * on the first click: a confirmation names the flow, the version and the environment, and lists
 * what changes against the version that environment runs now.
 */

import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { environmentsApi, flowsApi } from '../../api/endpoints';
import type { Environment, FlowDiff, FlowVersion } from '../../api/types';
import { Dialog } from '../../common/Dialog';

interface PromoteDialogProps {
  flowId: string;
  flowName: string;
  onClose(): void;
  onPromoted(text: string): void;
}

interface PendingPromotion {
  env: string;
  version: number;
  running: number | null;
  diff: FlowDiff | null;
}

export function PromoteDialog({ flowId, flowName, onClose, onPromoted }: PromoteDialogProps) {
  const [environments, setEnvironments] = useState<Environment[]>([]);
  const [versions, setVersions] = useState<FlowVersion[]>([]);
  const [env, setEnv] = useState('test');
  const [version, setVersion] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingPromotion | null>(null);

  useEffect(() => {
    Promise.all([environmentsApi.list(), flowsApi.versions(flowId)])
      .then(([envs, list]) => {
        setEnvironments(envs);
        setVersions(list);
        const latest = list.reduce((max, item) => Math.max(max, item.version), 0);
        setVersion(latest || null);
      })
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, [flowId]);

  async function review(event: FormEvent) {
    event.preventDefault();
    if (version === null) return;
    setError(null);
    setDone(null);
    const running = environments.find((item) => item.name === env)?.flows[flowId] ?? null;
    try {
      const diff = running !== null && running !== version ? await flowsApi.diff(flowId, running, version) : null;
      setPending({ env, version, running, diff });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function confirm() {
    if (!pending) return;
    const { env, version } = pending;
    setPending(null);
    try {
      await environmentsApi.promote(env, flowId, version);
      const text = `Version ${version} is now in ${env}.`;
      setDone(text);
      onPromoted(text);
      setEnvironments(await environmentsApi.list());
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const names = environments.length ? environments.map((item) => item.name) : ['dev', 'test', 'live'];
  return (
    <Dialog title="Promote" onClose={onClose} testId="promote-dialog">
      <form onSubmit={review} className="form-grid">
        <label>
          Environment
          <select
            data-testid="promote-env"
            value={env}
            disabled={pending !== null}
            onChange={(event) => setEnv(event.target.value)}
          >
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
                {environments.find((item) => item.name === name)?.flows[flowId] !== undefined
                  ? ` (now v${environments.find((item) => item.name === name)?.flows[flowId]})`
                  : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version
          <select
            data-testid="promote-version"
            value={version ?? ''}
            disabled={pending !== null}
            onChange={(event) => setVersion(Number(event.target.value))}
          >
            {versions.length === 0 && <option value="">Nothing published yet</option>}
            {versions
              .slice()
              .sort((a, b) => b.version - a.version)
              .map((item) => (
                <option key={item.version} value={item.version}>
                  v{item.version} {item.comment ? `— ${item.comment}` : ''}
                </option>
              ))}
          </select>
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="promote-error">
            {error}
          </p>
        )}
        {done && (
          <p className="notice" data-testid="promote-done">
            {done}
          </p>
        )}
        {pending ? (
          <PromoteConfirmation flowId={flowId} flowName={flowName} pending={pending} onBack={() => setPending(null)} onConfirm={() => void confirm()} />
        ) : (
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
            <button type="submit" className="primary" data-testid="promote-submit" disabled={version === null}>
              Promote…
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}

interface ConfirmationProps {
  flowId: string;
  flowName: string;
  pending: PendingPromotion;
  onBack(): void;
  onConfirm(): void;
}

function PromoteConfirmation({ flowId, flowName, pending, onBack, onConfirm }: ConfirmationProps) {
  const { env, version, running, diff } = pending;
  return (
    <div className="notice" role="alertdialog" aria-label="Confirm promotion" data-testid="promote-confirm">
      <p>
        Promote <strong>{flowName || flowId}</strong> ({flowId}) <strong>version {version}</strong> to{' '}
        <strong>{env}</strong>?
      </p>
      <p data-testid="promote-running">
        {running === null
          ? `${env} runs no version of this flow yet.`
          : running === version
            ? `${env} already runs version ${version}; nothing changes.`
            : `${env} runs version ${running} now.`}
      </p>
      {diff && <PromotionChanges diff={diff} from={running ?? 0} />}
      <div className="dialog-actions">
        <button type="button" data-testid="promote-back" onClick={onBack}>
          Back
        </button>
        <button type="button" className="primary" data-testid="promote-confirm-submit" onClick={onConfirm}>
          Promote to {env}
        </button>
      </div>
    </div>
  );
}

function PromotionChanges({ diff, from }: { diff: FlowDiff; from: number }) {
  const lines: string[] = [];
  if (diff.added.length) lines.push(`Blocks added: ${diff.added.join(', ')}`);
  if (diff.removed.length) lines.push(`Blocks removed: ${diff.removed.join(', ')}`);
  for (const change of diff.changed) lines.push(`Block ${change.block} changed: ${change.fields.join(', ')}`);
  if (diff.flow_changed.length) lines.push(`Flow settings changed: ${diff.flow_changed.join(', ')}`);
  return (
    <div data-testid="promote-changes">
      <p>Changes against version {from}:</p>
      {lines.length ? (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>No differences in the flow.</p>
      )}
    </div>
  );
}
