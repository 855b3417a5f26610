/** The Surveys view: per survey question, responses, average and the distribution of answers
 * as bars, for the dashboard's filters plus a queue and an agent. */

import { useState } from 'react';
import { csvLink } from '../analyticsApi';
import { queryString, type AnalyticsFilters } from '../filters';
import { usePolling } from '../usePolling';
import { surveysApi, type SurveyQuestion } from './surveysApi';
import './surveys.css';

function QuestionCard({ entry }: { entry: SurveyQuestion }) {
  const most = Math.max(1, ...Object.values(entry.distribution));
  const average =
    entry.average === null ? '–' : entry.type === 'yes_no' ? `${Math.round(entry.average * 100)}% yes` : entry.average.toFixed(2);
  return (
    <article className="survey-question" data-testid={`survey-question-${entry.survey}-${entry.question}`}>
      <header>
        <h3>
          {entry.survey} · {entry.question}
        </h3>
        <span className="muted">{entry.type === 'scale' ? `1–${entry.scale}` : entry.type === 'yes_no' ? 'yes / no' : 'free text'}</span>
      </header>
      <p>
        <span data-testid="survey-responses">{entry.responses}</span> responses · average{' '}
        <strong data-testid="survey-average">{average}</strong>
      </p>
      {Object.keys(entry.distribution).length > 0 && (
        <ul className="survey-bars">
          {Object.entries(entry.distribution).map(([answer, count]) => (
            <li key={answer} data-testid={`survey-bar-${answer}`}>
              <span className="survey-bar-label">{answer}</span>
              <span className="survey-bar" style={{ width: `${(count / most) * 100}%` }} />
              <span className="survey-bar-count">{count}</span>
            </li>
          ))}
        </ul>
      )}
      {entry.latest && entry.latest.length > 0 && (
        <ul className="survey-texts">
          {entry.latest.map((text, index) => (
            <li key={index}>{text}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function SurveysPanel({ filters }: { filters: AnalyticsFilters }) {
  const [queue, setQueue] = useState('');
  const [agent, setAgent] = useState('');
  const extra: Record<string, string> = {};
  if (queue.trim()) extra.queue = queue.trim();
  if (agent.trim()) extra.agent = agent.trim();
  const key = JSON.stringify([filters, extra]);
  const figures = usePolling(() => surveysApi.figures(queryString(filters, extra)), `surveys:${key}`);
  return (
    <section className="analytics-card surveys-panel" data-testid="surveys-panel">
      <header>
        <h2>Surveys</h2>
        <label className="filter">
          Queue
          <input value={queue} onChange={(event) => setQueue(event.target.value)} data-testid="survey-queue" />
        </label>
        <label className="filter">
          Agent
          <input value={agent} onChange={(event) => setAgent(event.target.value)} data-testid="survey-agent" />
        </label>
        <a href={csvLink('surveys', queryString(filters, extra))} download data-testid="export-surveys">
          Surveys CSV
        </a>
      </header>
      {figures.error && (
        <p className="error" role="alert">
          {figures.error}
        </p>
      )}
      {figures.data && figures.data.questions.length === 0 && <p className="muted">No survey answers in this range.</p>}
      <div className="survey-questions">
        {figures.data?.questions.map((entry) => (
          <QuestionCard key={`${entry.survey}:${entry.question}:${entry.group ?? ''}`} entry={entry} />
        ))}
      </div>
      {figures.data?.truncated && <p className="muted">Only the first rows are shown; narrow the filters.</p>}
    </section>
  );
}
