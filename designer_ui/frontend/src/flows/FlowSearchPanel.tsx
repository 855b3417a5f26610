/** Search inside flows (labels, prompt texts, expressions, URLs) and where a named thing is used. */

import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { libraryApi, USE_KINDS, type SearchHit, type Use, type UseKind } from './libraryApi';

function flowLink(flowId: string, label: string) {
  return <a href={`#/flows/${encodeURIComponent(flowId)}`}>{label}</a>;
}

export function FlowSearchPanel() {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ items: SearchHit[]; truncated: boolean } | null>(null);
  const [kind, setKind] = useState<UseKind>('module');
  const [name, setName] = useState('');
  const [uses, setUses] = useState<{ items: Use[]; truncated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function search(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const found = await libraryApi.search(query.trim());
      setHits({ items: found.hits, truncated: found.truncated });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function findUses(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const found = await libraryApi.whereUsed(kind, name.trim());
      setUses({ items: found.uses, truncated: found.truncated });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="flow-search-panel" data-testid="flow-search-panel">
      <form className="inline-form" onSubmit={search}>
        <input
          type="search"
          aria-label="Search inside flows"
          placeholder="Text, expression or URL inside flows"
          data-testid="inside-search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit" data-testid="inside-search-submit" disabled={query.trim().length < 2}>
          Search inside
        </button>
      </form>
      {hits && (
        <div data-testid="inside-search-results">
          {hits.items.length === 0 ? (
            <p className="empty">Nothing found.</p>
          ) : (
            <ul className="hit-list">
              {hits.items.map((hit, index) => (
                <li key={`${hit.flow_id}:${hit.block_id}:${hit.path}:${index}`} data-testid="inside-search-hit">
                  {flowLink(hit.flow_id, hit.flow_name)} · <span className="mono">{hit.block_id ?? 'flow'}</span>{' '}
                  <span className="muted">{hit.path}</span>: <q>{hit.excerpt}</q>
                </li>
              ))}
            </ul>
          )}
          {hits.truncated && <p className="muted">More matches than shown; narrow the search.</p>}
        </div>
      )}
      <form className="inline-form" onSubmit={findUses}>
        <select aria-label="What to look for" data-testid="where-used-kind" value={kind} onChange={(event) => setKind(event.target.value as UseKind)}>
          {USE_KINDS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <input aria-label="Name" placeholder="name" data-testid="where-used-name" value={name} onChange={(event) => setName(event.target.value)} />
        <button type="submit" data-testid="where-used-submit" disabled={!name.trim()}>
          Where used?
        </button>
      </form>
      {uses && (
        <div data-testid="where-used-results">
          {uses.items.length === 0 ? (
            <p className="empty">Not used by any flow.</p>
          ) : (
            <ul className="hit-list">
              {uses.items.map((use, index) => (
                <li key={`${use.flow_id}:${use.source}:${use.block_id}:${use.path}:${index}`} data-testid="where-used-hit">
                  {flowLink(use.flow_id, use.flow_name)} ({use.source}
                  {use.version ? ` v${use.version}` : ''}) · block <span className="mono">{use.block_id}</span>
                  {use.block_label ? ` “${use.block_label}”` : ''} <span className="muted">{use.path}</span>
                </li>
              ))}
            </ul>
          )}
          {uses.truncated && <p className="muted">More uses than shown.</p>}
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
