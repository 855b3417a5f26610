/** Announcements: named prompts flows say by name, with text and a recording per language and an
 * effective period, in the environment picked on the page. */

import { useEffect, useState } from 'react';
import { NamePicker } from './NamePicker';
import { useNamedResource } from './useNamedResource';

type PerLanguage = Record<string, string>;

function perLanguage(value: unknown): PerLanguage {
  return value && typeof value === 'object' ? { ...(value as PerLanguage) } : {};
}

/** `2026-12-01T00:00:00Z` → the `datetime-local` input's `2026-12-01T00:00` (UTC), and back. */
function toInput(value: unknown): string {
  return typeof value === 'string' && value ? value.slice(0, 16) : '';
}

function fromInput(value: string): string | null {
  return value ? `${value}:00Z` : null;
}

export function AnnouncementsEditor({ canEdit }: { canEdit: boolean }) {
  const resource = useNamedResource('announcements');
  const [texts, setTexts] = useState<PerLanguage>({});
  const [recordings, setRecordings] = useState<PerLanguage>({});
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [language, setLanguage] = useState('');

  useEffect(() => {
    const value = resource.value;
    if (!value) return;
    const newOne = value.isNew === true;
    setTexts(newOne ? { 'en-US': '' } : perLanguage(value.texts));
    setRecordings(perLanguage(value.recordings));
    setStartsAt(toInput(value.starts_at));
    setEndsAt(toInput(value.ends_at));
  }, [resource.value]);

  const languages = [...new Set([...Object.keys(texts), ...Object.keys(recordings)])];
  const filled = (values: PerLanguage) => Object.fromEntries(Object.entries(values).filter(([, text]) => text.trim()));

  return (
    <section className="split" data-testid="announcements">
      <NamePicker names={resource.names} value={resource.name} onPick={(name) => void resource.open(name)} testId="announcements" newLabel="New announcement name" canCreate={canEdit} />
      {resource.name && resource.value && (
        <form
          className="resource-form"
          onSubmit={(event) => {
            event.preventDefault();
            void resource.save({
              texts: filled(texts),
              recordings: filled(recordings),
              starts_at: fromInput(startsAt),
              ends_at: fromInput(endsAt),
            });
          }}
        >
          <h2>{resource.name}</h2>
          {typeof resource.value.version === 'number' && <p className="muted">Version {resource.value.version}</p>}
          <table className="data-table">
            <thead>
              <tr>
                <th>Language</th>
                <th>Text</th>
                <th>Recording (shared prompt name)</th>
              </tr>
            </thead>
            <tbody>
              {languages.map((tag) => (
                <tr key={tag}>
                  <td className="mono">{tag}</td>
                  <td>
                    <textarea
                      rows={2}
                      aria-label={`Announcement text in ${tag}`}
                      data-testid={`announcement-text-${tag}`}
                      value={texts[tag] ?? ''}
                      readOnly={!canEdit}
                      onChange={(event) => setTexts({ ...texts, [tag]: event.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Recording in ${tag}`}
                      data-testid={`announcement-recording-${tag}`}
                      value={recordings[tag] ?? ''}
                      readOnly={!canEdit}
                      onChange={(event) => setRecordings({ ...recordings, [tag]: event.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="inline-form">
            <label>
              Effective from (UTC)
              <input type="datetime-local" data-testid="announcement-starts" value={startsAt} readOnly={!canEdit} onChange={(event) => setStartsAt(event.target.value)} />
            </label>
            <label>
              until (UTC)
              <input type="datetime-local" data-testid="announcement-ends" value={endsAt} readOnly={!canEdit} onChange={(event) => setEndsAt(event.target.value)} />
            </label>
          </div>
          {canEdit && (
            <div className="inline-form">
              <input aria-label="Language tag" placeholder="es-US" data-testid="announcement-language" value={language} onChange={(event) => setLanguage(event.target.value)} />
              <button
                type="button"
                data-testid="announcement-add-language"
                disabled={!language.trim() || languages.includes(language.trim())}
                onClick={() => {
                  setTexts({ ...texts, [language.trim()]: '' });
                  setLanguage('');
                }}
              >
                + Language
              </button>
              <button type="submit" className="primary" data-testid="announcement-save">
                Save
              </button>
            </div>
          )}
          {resource.message && (
            <p className="notice" data-testid="announcement-message">
              {resource.message}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
