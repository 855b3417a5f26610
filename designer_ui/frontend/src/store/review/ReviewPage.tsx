/**
 * Reviewing one submitted version: README, inputs and outputs, the differences from the previous
 * published version, the flows on a read-only canvas, the automated checks and the tests
 * themselves; then approve or reject.
 */

import { useMemo, useState } from 'react';
import { paletteApi } from '../../api/endpoints';
import type { PaletteEntry } from '../../api/types';
import { useSession } from '../../auth/session';
import { useAsync } from '../../common/useAsync';
import { CheckResults } from '../common/CheckResults';
import { ReadmeView } from '../common/ReadmeView';
import { SignatureTable } from '../common/SignatureTable';
import { VersionBadges } from '../common/VersionBadges';
import { shortDate } from '../common/format';
import { storeApi } from '../storeApi';
import { storeHref } from '../storeRoute';
import type { ReviewDetail, VersionSummary } from '../storeTypes';
import { DecisionForm } from './DecisionForm';
import { ReadOnlyFlow } from './ReadOnlyFlow';
import { ReviewChanges } from './ReviewChanges';

function FlowViewer({ detail }: { detail: ReviewDetail }) {
  const palette = useAsync(() => paletteApi.blocks(), []);
  const paletteMap = useMemo(
    () => new Map<string, PaletteEntry>((palette.data ?? []).map((entry) => [entry.type, entry])),
    [palette.data],
  );
  const flowIds = Object.keys(detail.flows);
  const entry = detail.name.split('/')[1] ?? '';
  const [shown, setShown] = useState(flowIds.includes(entry) ? entry : flowIds[0]);
  const document = shown ? detail.flows[shown] : undefined;
  return (
    <section data-testid="review-flows">
      <div className="flow-picker" role="group" aria-label="Flows of the package">
        {flowIds.map((id) => (
          <button key={id} type="button" aria-pressed={id === shown} data-testid={`review-flow-${id}`} onClick={() => setShown(id)}>
            {id}
          </button>
        ))}
      </div>
      {palette.error && <p className="form-error">{palette.error}</p>}
      {document && palette.data && (
        <ReadOnlyFlow
          key={document.id}
          document={document}
          palette={paletteMap}
          change={detail.changes?.flows[document.id]}
          problems={detail.checks.flows?.[document.id] ?? []}
        />
      )}
    </section>
  );
}

function TestFiles({ tests }: { tests: Record<string, string> }) {
  return (
    <>
      {Object.entries(tests).map(([path, text]) => (
        <details key={path} className="test-file" data-testid={`review-test-file-${path}`}>
          <summary className="mono">{path}</summary>
          <pre>{text}</pre>
        </details>
      ))}
    </>
  );
}

function Decided({ result }: { result: VersionSummary }) {
  return (
    <p className="notice" role="status" data-testid="review-decided">
      {result.name}@{result.version} is now {result.status}.{' '}
      <a href={storeHref({ view: 'reviews' })} data-testid="review-back">
        Back to the queue
      </a>
      {result.status === 'published' && (
        <>
          {' · '}
          <a href={storeHref({ view: 'microapp', name: result.name })}>Its store page</a>
        </>
      )}
    </p>
  );
}

export function ReviewPage({ name, version }: { name: string; version: string }) {
  const { user } = useSession();
  const review = useAsync(() => storeApi.review(name, version), [name, version]);
  const [decided, setDecided] = useState<VersionSummary | null>(null);

  if (review.error) return <p className="form-error" role="alert">{review.error}</p>;
  if (!review.data) return <p className="loading">Loading {name}@{version}…</p>;
  const detail = review.data;

  return (
    <section className="review-page" data-testid="review-page">
      <header className="microapp-header">
        <div>
          <h1>
            {detail.title} <span className="mono muted">{detail.name}@{detail.version}</span>
          </h1>
          <p>{detail.manifest.description}</p>
          <p className="muted">
            <VersionBadges version={decided ?? detail} /> submitted {shortDate(detail.submitted_at)} by {detail.submitted_by} ·{' '}
            {detail.category}
          </p>
        </div>
      </header>
      {decided && <Decided result={decided} />}
      <div className="microapp-columns">
        <div>
          <h2>README</h2>
          <ReadmeView html={detail.readme_html} testId="review-readme" />
          <h2>Flows</h2>
          <FlowViewer detail={detail} />
        </div>
        <aside>
          <h2>Inputs and outputs</h2>
          <SignatureTable inputs={detail.manifest.inputs} outputs={detail.manifest.outputs} />
          <h2>Changes</h2>
          <ReviewChanges changes={detail.changes} />
          <h2>Automated checks</h2>
          <CheckResults checks={detail.checks} />
          <h2>Tests</h2>
          <TestFiles tests={detail.tests} />
        </aside>
      </div>
      {detail.status === 'pending' && !decided && (
        <DecisionForm name={detail.name} version={detail.version} ownSubmission={detail.submitted_by === user?.username} onDecided={setDecided} />
      )}
      {detail.status !== 'pending' && !decided && (
        <p className="muted" data-testid="review-not-pending">
          This version is {detail.status}
          {detail.reviewed_by ? ` (reviewed by ${detail.reviewed_by}: ${detail.review_comment || 'no comment'})` : ''}.
        </p>
      )}
    </section>
  );
}
