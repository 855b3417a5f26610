/** Shared prompts: text (or an audio id) per language, used by any flow. */

import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { promptsApi } from '../api/businessApi';
import { NamePicker } from './NamePicker';

/** Text to speak, per language (`{"en-US": "Hello"}`). */
type Variants = Record<string, string>;

function variantsOf(value: Record<string, unknown> | null): Variants {
  const texts = value?.texts;
  return texts && typeof texts === 'object' ? (texts as Variants) : {};
}

export function GlobalPrompts({ canEdit }: { canEdit: boolean }) {
  const [names, setNames] = useState<string[]>([]);
  const [name, setName] = useState<string | null>(null);
  const [variants, setVariants] = useState<Variants>({});
  const [message, setMessage] = useState<string | null>(null);
  const [language, setLanguage] = useState('');

  useEffect(() => void promptsApi.names().then(setNames), []);

  async function open(picked: string) {
    setName(picked);
    setMessage(null);
    try {
      setVariants(variantsOf(await promptsApi.get(picked)));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setVariants({ 'en-US': '' });
      else setMessage(errorMessage(caught));
    }
  }

  async function save() {
    if (!name) return;
    try {
      await promptsApi.put(name, { texts: variants });
      setMessage('Saved.');
      setNames(await promptsApi.names());
    } catch (caught) {
      setMessage(`Not saved: ${errorMessage(caught)}`);
    }
  }

  return (
    <section className="split" data-testid="global-prompts">
      <NamePicker names={names} value={name} onPick={(picked) => void open(picked)} testId="prompts" newLabel="New prompt name" canCreate={canEdit} />
      {name && (
        <form
          className="resource-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <h2>{name}</h2>
          {Object.entries(variants).map(([tag, text]) => (
            <div key={tag} className="prompt-variant">
              <span className="language">{tag}</span>
              <textarea
                rows={2}
                aria-label={`Text in ${tag}`}
                data-testid={`global-prompt-${tag}`}
                value={text}
                readOnly={!canEdit}
                onChange={(event) => setVariants({ ...variants, [tag]: event.target.value })}
              />
            </div>
          ))}
          {canEdit && (
            <div className="inline-form">
              <input aria-label="Language tag" placeholder="es-US" value={language} onChange={(event) => setLanguage(event.target.value)} />
              <button
                type="button"
                disabled={!language.trim() || !!variants[language.trim()]}
                onClick={() => {
                  setVariants({ ...variants, [language.trim()]: '' });
                  setLanguage('');
                }}
              >
                + Language
              </button>
              <button type="submit" className="primary" data-testid="global-prompt-save">
                Save
              </button>
            </div>
          )}
          {message && <p className="notice">{message}</p>}
        </form>
      )}
    </section>
  );
}
