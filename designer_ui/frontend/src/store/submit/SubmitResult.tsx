/** What the store said about a submitted package: accepted with its check results, or refused with every problem. */

import { ApiError } from '../../api/client';
import { CheckResults } from '../common/CheckResults';
import type { TestRun, VersionDetail } from '../storeTypes';

interface Refusal {
  code?: string;
  message: string;
  path?: string;
}

function refusalProblems(error: ApiError): Refusal[] {
  const problems = error.details.problems;
  return Array.isArray(problems) ? (problems as Refusal[]) : [];
}

export function SubmitAccepted({ submission }: { submission: VersionDetail }) {
  return (
    <section className="submit-result accepted" data-testid="submit-accepted" role="status">
      <h3>
        {submission.name}@{submission.version} passed the automated checks and waits for review.
      </h3>
      <p className="muted">
        sha256 <span className="mono">{submission.sha256.slice(0, 16)}…</span> · status {submission.status}. A reviewer approves
        it (published) or rejects it with a comment you will see below.
      </p>
      {submission.checks && <CheckResults checks={submission.checks} />}
    </section>
  );
}

export function SubmitRefused({ error }: { error: unknown }) {
  const apiError = error instanceof ApiError ? error : null;
  const problems = apiError ? refusalProblems(apiError) : [];
  const tests = apiError?.details.tests as TestRun | undefined;
  return (
    <section className="submit-result refused" data-testid="submit-refused" role="alert">
      <h3>Refused: nothing was stored.</h3>
      <p className="form-error" data-testid="submit-refused-message">
        {apiError ? `${apiError.message} (${apiError.code})` : String(error)}
      </p>
      {problems.length > 0 && !tests && (
        <ul className="problem-list" data-testid="submit-problems">
          {problems.map((problem, index) => (
            <li key={index}>
              {problem.path && <span className="mono">{problem.path}: </span>}
              {problem.message}
              {problem.code && <span className="muted"> ({problem.code})</span>}
            </li>
          ))}
        </ul>
      )}
      {tests && <CheckResults checks={{ dependencies: {}, flows: {}, warnings: [], tests }} />}
    </section>
  );
}
