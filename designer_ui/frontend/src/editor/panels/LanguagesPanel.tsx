/** Per language of the flow: the prompts with no text or recording in it (GET /flows/{id}/languages). */

import { getJson } from '../../api/client';
import type { FlowDocument } from '../../api/types';
import { useAsync } from '../../common/useAsync';

export interface LanguageGap {
  kind: 'flow_prompt' | 'shared_prompt' | 'announcement';
  name: string;
  problem: string;
  blocks: string[];
  environment: string | null;
}

export interface LanguagesReport {
  flow: string;
  languages: string[];
  missing: Record<string, LanguageGap[]>;
}

const KIND_LABELS: Record<LanguageGap['kind'], string> = {
  flow_prompt: 'Flow prompt',
  shared_prompt: 'Shared prompt',
  announcement: 'Announcement',
};

interface LanguagesPanelProps {
  flowId: string;
  doc: FlowDocument;
  onJump(blockId: string): void;
}

export function LanguagesPanel({ flowId, doc, onJump }: LanguagesPanelProps) {
  const report = useAsync(() => getJson<LanguagesReport>(`/flows/${encodeURIComponent(flowId)}/languages`), [flowId]);
  return (
    <div className="languages-panel" data-testid="languages-panel">
      <p className="hint">
        What each language lacks in the saved draft.{' '}
        <button type="button" data-testid="languages-refresh" onClick={report.reload}>
          Refresh
        </button>
      </p>
      {report.error && (
        <p className="error" role="alert">
          {report.error}
        </p>
      )}
      {report.loading && !report.data && <p className="empty">Loading…</p>}
      {report.data?.languages.map((language) => {
        const gaps = report.data?.missing[language] ?? [];
        return (
          <section key={language} data-testid={`language-${language}`} data-missing={gaps.length}>
            <h4>
              {language}: {gaps.length === 0 ? 'complete' : `${gaps.length} missing`}
            </h4>
            <ul className="problems-list">
              {gaps.map((gap, index) => {
                const block = gap.blocks.find((id) => doc.blocks[id]);
                return (
                  <li key={index} className="problem warning" data-testid={`language-gap-${language}-${gap.name}`}>
                    <button type="button" disabled={!block} onClick={() => block && onJump(block)}>
                      <span className="severity">{KIND_LABELS[gap.kind] ?? gap.kind}</span>
                      <span className="where">
                        {gap.name}
                        {gap.environment ? ` (${gap.environment})` : ''}
                      </span>
                      <span className="message">{gap.problem}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
