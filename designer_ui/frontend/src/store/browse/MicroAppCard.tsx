/** One MicroApp in the store's list: title, name, description, category, tags and install count. */

import { iconGlyph } from '../../editor/canvas/blockIcons';
import { plural, slug } from '../common/format';
import { storeHref } from '../storeRoute';
import type { MicroAppListing } from '../storeTypes';

interface MicroAppCardProps {
  listing: MicroAppListing;
  onTag(tag: string): void;
}

export function MicroAppCard({ listing, onTag }: MicroAppCardProps) {
  return (
    <article className="microapp-card" data-testid={`store-card-${slug(listing.name)}`}>
      <header>
        <span className="microapp-icon" aria-hidden="true">
          {iconGlyph(listing.icon, listing.title)}
        </span>
        <div>
          <a href={storeHref({ view: 'microapp', name: listing.name })} data-testid={`store-open-${slug(listing.name)}`}>
            <strong>{listing.title}</strong>
          </a>
          <div className="mono muted">
            {listing.name}@{listing.latest_version}
          </div>
        </div>
      </header>
      <p>{listing.description}</p>
      {listing.deprecated !== null && <p className="store-warning">Deprecated: {listing.deprecated}</p>}
      <footer>
        <span className="store-badge category">{listing.category}</span>
        {listing.tags.map((tag) => (
          <button key={tag} type="button" className="tag-chip" onClick={() => onTag(tag)} data-testid={`store-tag-${tag}`}>
            #{tag}
          </button>
        ))}
        <span className="spacer" />
        <span className="muted" data-testid="store-install-count">
          {plural(listing.install_count, 'install')}
        </span>
      </footer>
    </article>
  );
}
