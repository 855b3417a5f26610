/** "Test connection": one utterance through the real connector, and what the bot answered. */

import { useState } from 'react';
import { errorMessage } from '../api/client';
import { botsApi, type TestResult } from './botsApi';

export function TestConnection({ name }: { name: string }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function run() {
    setRunning(true);
    setFailure(null);
    try {
      setResult(await botsApi.test(name, text.trim() || null));
    } catch (caught) {
      setResult(null);
      setFailure(errorMessage(caught));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="bot-test" data-testid="bot-test">
      <h3>Test connection</h3>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <input
          aria-label="Utterance"
          data-testid="bot-test-text"
          placeholder="What a caller says (empty: the bot's opening)"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" data-testid="bot-test-run" disabled={running}>
          {running ? 'Testing…' : 'Test connection'}
        </button>
      </form>
      {failure && <p className="form-error">{failure}</p>}
      {result && (
        <dl className={`bot-test-result ${result.ok ? 'ok' : 'failed'}`} data-testid="bot-test-result" data-ok={String(result.ok)}>
          <dt>Result</dt>
          <dd data-testid="bot-test-state">{result.ok ? `${result.state} in ${result.elapsed_ms} ms` : 'failed'}</dd>
          {result.error && (
            <>
              <dt>Error</dt>
              <dd data-testid="bot-test-error">{result.error}</dd>
            </>
          )}
          {result.intent && (
            <>
              <dt>Intent</dt>
              <dd data-testid="bot-test-intent">
                {result.intent}
                {result.confidence !== null && ` (${Math.round(result.confidence * 100)} %)`}
              </dd>
            </>
          )}
          {Object.keys(result.slots).length > 0 && (
            <>
              <dt>Slots</dt>
              <dd className="mono" data-testid="bot-test-slots">
                {JSON.stringify(result.slots)}
              </dd>
            </>
          )}
          {result.messages.length > 0 && (
            <>
              <dt>Says</dt>
              <dd data-testid="bot-test-messages">{result.messages.join(' ')}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
