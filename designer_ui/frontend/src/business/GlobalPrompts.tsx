/** Shared prompts: text and a WAV recording per language, used by any flow. */

import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { promptsApi } from '../api/businessApi';
import { NamePicker } from './NamePicker';
import type { AudioInfo } from './promptAudioApi';
import { PromptRecording } from './PromptRecording';

/** Text to speak, per language (`{"en-US": "Hello"}`). */
type Variants = Record<string, string>;

/** Uploaded recordings, per language. */
type Recordings = Record<string, AudioInfo>;

function variantsOf(value: Record<string, unknown> | null): Variants {
  const texts = value?.texts;
  return texts && typeof texts === 'object' ? (texts as Variants) : {};
}

function recordingsOf(value: Record<string, unknown> | null): Recordings {
  const audio = value?.audio;
  return audio && typeof audio === 'object' ? (audio as Recordings) : {};
}

/** Languages with a text or a recording, texts' order first. */
function languagesOf(variants: Variants, recordings: Recordings): string[] {
  return [...new Set([...Object.keys(variants), ...Object.keys(recordings)])];
}

export function GlobalPrompts({ canEdit }: { canEdit: boolean }) {
  const [names, setNames] = useState<string[]>([]);
  const [name, setName] = useState<string | null>(null);
  const [variants, setVariants] = useState<Variants>({});
  const [recordings, setRecordings] = useState<Recordings>({});
  const [saved, setSaved] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [language, setLanguage] = useState('');

  useEffect(() => void promptsApi.names().then(setNames), []);

  async function open(picked: string) {
    setName(picked);
    setMessage(null);
    setRecordings({});
    setSaved(false);
    try {
      const prompt = await promptsApi.get(picked);
      setVariants(variantsOf(prompt));
      setRecordings(recordingsOf(prompt));
      setSaved(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setVariants({ 'en-US': '' });
      else setMessage(errorMessage(caught));
    }
  }

  async function save() {
    if (!name) return;
    try {
      setRecordings(recordingsOf(await promptsApi.put(name, { texts: variants })));
      setSaved(true);
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
          <p className="prompt-audio-summary muted" data-testid="prompt-audio-summary">
            {Object.keys(recordings).length ? (
              <>
                Recorded in: <span className="recorded">{Object.keys(recordings).sort().join(', ')}</span>
              </>
            ) : (
              'No recordings yet: callers hear the text spoken.'
            )}
          </p>
          {languagesOf(variants, recordings).map((tag) => (
            <div key={`${name}:${tag}`} className="prompt-variant">
              <span className="language">{tag}</span>
              <textarea
                rows={2}
                aria-label={`Text in ${tag}`}
                data-testid={`global-prompt-${tag}`}
                value={variants[tag] ?? ''}
                readOnly={!canEdit}
                onChange={(event) => setVariants({ ...variants, [tag]: event.target.value })}
              />
              <PromptRecording
                prompt={name}
                language={tag}
                info={recordings[tag]}
                canEdit={canEdit}
                saved={saved}
                onChange={(info) =>
                  setRecordings((current) => {
                    const updated = { ...current };
                    if (info) updated[tag] = info;
                    else delete updated[tag];
                    return updated;
                  })
                }
              />
            </div>
          ))}
          {canEdit && (
            <div className="inline-form">
              <input aria-label="Language tag" placeholder="es-US" value={language} onChange={(event) => setLanguage(event.target.value)} />
              <button
                type="button"
                disabled={!language.trim() || language.trim() in variants}
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
