/** Browse the store: search by text, filter by category and tag, most installed first. */

import { useEffect, useState } from 'react';
import { useAsync } from '../../common/useAsync';
import { storeApi } from '../storeApi';
import { MicroAppCard } from './MicroAppCard';

const SEARCH_DELAY_MS = 250;

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [value]);
  return settled;
}

function CategoryFilter({ selected, onSelect }: { selected: string | null; onSelect(category: string | null): void }) {
  const categories = useAsync(() => storeApi.categories(), []);
  return (
    <div className="category-filter" role="group" aria-label="Categories" data-testid="store-categories">
      <button type="button" aria-pressed={selected === null} data-testid="store-category-all" onClick={() => onSelect(null)}>
        All
      </button>
      {(categories.data ?? []).map((item) => (
        <button
          key={item.category}
          type="button"
          aria-pressed={selected === item.category}
          data-testid={`store-category-${item.category}`}
          disabled={item.count === 0 && selected !== item.category}
          onClick={() => onSelect(selected === item.category ? null : item.category)}
        >
          {item.category} <span className="muted">{item.count}</span>
        </button>
      ))}
    </div>
  );
}

export function StoreBrowsePage() {
  const [text, setText] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  const query = useDebounced(text);
  const results = useAsync(() => storeApi.search({ q: query, category, tag }), [query, category, tag]);
  const list = results.data ?? [];

  return (
    <section className="store-browse" data-testid="store-browse">
      <div className="page-toolbar">
        <input
          type="search"
          className="store-search"
          placeholder="Search MicroApps by name, description or tag"
          aria-label="Search MicroApps"
          data-testid="store-search"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        {tag && (
          <button type="button" data-testid="store-tag-filter" onClick={() => setTag(null)} title="Remove the tag filter">
            tag: {tag} ×
          </button>
        )}
      </div>
      <CategoryFilter selected={category} onSelect={setCategory} />
      {results.error && (
        <p className="form-error" role="alert">
          {results.error}
        </p>
      )}
      <div className="microapp-grid" data-testid="store-results" aria-busy={results.loading}>
        {list.map((listing) => (
          <MicroAppCard key={listing.name} listing={listing} onTag={setTag} />
        ))}
      </div>
      {!results.loading && list.length === 0 && !results.error && (
        <p className="empty" data-testid="store-no-results">
          No published MicroApp matches.
        </p>
      )}
    </section>
  );
}
