/** Save the current simulation as a case in the flow's tests. */

import { useState } from 'react';
import { errorMessage } from '../api/client';
import { simulatorApi, testsApi } from '../api/endpoints';
import { appendCase } from './testYaml';

export function SaveTestCase({ sessionId, flowId, onSaved }: { sessionId: string; flowId: string; onSaved(): void }) {
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      const recorded = await simulatorApi.testCase(sessionId, name.trim());
      let existing = '';
      try {
        existing = (await testsApi.get(flowId)).yaml ?? '';
      } catch {
        existing = '';
      }
      await testsApi.put(flowId, appendCase(existing, recorded, flowId));
      setMessage(`Saved test case “${name.trim()}”.`);
      setName('');
      onSaved();
    } catch (caught) {
      setMessage(`Could not save the test case: ${errorMessage(caught)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="inline-form save-test"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim()) void save();
      }}
    >
      <input data-testid="sim-testcase-name" aria-label="Test case name" placeholder="Test case name" value={name} onChange={(event) => setName(event.target.value)} />
      <button type="submit" data-testid="sim-save-testcase" disabled={busy || !name.trim()}>
        Save as test case
      </button>
      {message && (
        <span className="notice" data-testid="sim-testcase-message">
          {message}
        </span>
      )}
    </form>
  );
}
