/** Submit a `.mapp` package (developers): the store runs its checks at once and answers with the results. */

import { useRef, useState } from 'react';
import { hasRole, useSession } from '../../auth/session';
import { useAsync } from '../../common/useAsync';
import { storeApi } from '../storeApi';
import type { VersionDetail } from '../storeTypes';
import { SubmissionList } from './SubmissionList';
import { SubmitAccepted, SubmitRefused } from './SubmitResult';

type Outcome = { kind: 'accepted'; submission: VersionDetail } | { kind: 'refused'; error: unknown };

export function SubmitPage() {
  const { user } = useSession();
  const submissions = useAsync(() => storeApi.submissions(), []);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  if (!hasRole(user, 'developer')) {
    return <p className="muted">Submitting a MicroApp needs the developer role.</p>;
  }

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'accepted', submission: await storeApi.submit(file) });
      setFile(null);
      if (input.current) input.current.value = '';
      submissions.reload();
    } catch (caught) {
      setOutcome({ kind: 'refused', error: caught });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="submit-page" data-testid="submit-page">
      <h2>Submit a package</h2>
      <p className="muted">
        Build it with <code>designer microapp pack FOLDER</code>. The store checks the archive, manifest and hashes, resolves the
        dependencies, validates the flows and runs the package's flow tests; a refused package is not stored.
      </p>
      <form
        className="submit-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <input
          ref={input}
          type="file"
          accept=".mapp,application/zip"
          aria-label="MicroApp package (.mapp)"
          data-testid="submit-file"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <button type="submit" className="primary" data-testid="submit-package" disabled={!file || busy}>
          {busy ? 'Checking…' : 'Submit for review'}
        </button>
      </form>
      {outcome?.kind === 'accepted' && <SubmitAccepted submission={outcome.submission} />}
      {outcome?.kind === 'refused' && <SubmitRefused error={outcome.error} />}
      <h2>{hasRole(user, 'reviewer') ? 'All submissions' : 'Your submissions'}</h2>
      {submissions.error && <p className="form-error">{submissions.error}</p>}
      <SubmissionList items={submissions.data ?? []} />
    </section>
  );
}
