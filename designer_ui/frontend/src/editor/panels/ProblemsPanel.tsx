/** Validation problems as a list; choosing one jumps to its block. */

import type { FlowDocument, Problem } from '../../api/types';

export function ProblemsPanel({ problems, doc, onJump }: { problems: Problem[]; doc: FlowDocument; onJump(id: string): void }) {
  if (problems.length === 0) return <p className="empty" data-testid="no-problems">No problems found.</p>;
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul className="problems-list" data-testid="problems-list">
      {sorted.map((problem, index) => {
        const block = problem.block_id ? doc.blocks[problem.block_id] : undefined;
        const where = problem.block_id ? `${block?.label || problem.block_id}${problem.path ? ` › ${problem.path}` : ''}` : 'Flow';
        return (
          <li key={index} className={`problem ${problem.severity}`}>
            <button
              type="button"
              data-testid={`problem-${index}`}
              data-block-id={problem.block_id ?? ''}
              disabled={!block}
              onClick={() => problem.block_id && onJump(problem.block_id)}
            >
              <span className="severity">{problem.severity === 'error' ? 'Error' : 'Warning'}</span>
              <span className="where">{where}</span>
              <span className="message">
                {problem.column ? `Column ${problem.column}: ` : ''}
                {problem.message}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
