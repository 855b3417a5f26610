/** HTTP and bot mocks for a simulation, as JSON in the flow-test format (`given.http`, `given.bots`). */

import { useState } from 'react';

export interface Mocks {
  http?: unknown;
  bots?: unknown;
}

const HTTP_EXAMPLE = '[\n  {"match": {"method": "GET", "url": "https://example.com/*"},\n   "respond": {"status": 200, "json": {}}}\n]';

function JsonArea({ label, value, onChange, testId, placeholder }: { label: string; value: string; onChange(text: string): void; testId: string; placeholder: string }) {
  let error: string | null = null;
  if (value.trim()) {
    try {
      JSON.parse(value);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : 'not JSON';
    }
  }
  return (
    <label className="schema-field">
      <span className="field-label">{label}</span>
      <textarea className={error ? 'mono invalid' : 'mono'} rows={4} data-testid={testId} value={value} placeholder={placeholder} spellCheck={false} onChange={(event) => onChange(event.target.value)} />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/** Parsed mocks, or null while either text is not valid JSON. */
export function parseMocks(http: string, bots: string): Mocks | null {
  try {
    const result: Mocks = {};
    if (http.trim()) result.http = JSON.parse(http);
    if (bots.trim()) result.bots = JSON.parse(bots);
    return result;
  } catch {
    return null;
  }
}

export function MocksEditor({ http, bots, onHttp, onBots }: { http: string; bots: string; onHttp(text: string): void; onBots(text: string): void }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mocks" open={open} onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary data-testid="sim-mocks-toggle">HTTP and bot mocks</summary>
      <JsonArea label="HTTP mocks" value={http} onChange={onHttp} testId="sim-mocks-http" placeholder={HTTP_EXAMPLE} />
      <JsonArea label="Bot mocks" value={bots} onChange={onBots} testId="sim-mocks-bots" placeholder='{"pizza": [{"intent": "OrderPizza", "messages": ["One pizza."]}]}' />
    </details>
  );
}
