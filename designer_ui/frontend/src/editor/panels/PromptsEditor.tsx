/** The flow's prompt library: one entry per name, a text (or audio) per language. */

import { useState } from 'react';
import type { FlowDocument, PromptVariants } from '../../api/types';
import { setFlowFields } from '../model/documentOps';
import type { DocumentStore } from '../store/documentStore';

const PROMPT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export function PromptsEditor({ store, doc, readOnly }: { store: DocumentStore; doc: FlowDocument; readOnly: boolean }) {
  const prompts = doc.prompts ?? {};
  const languages = doc.languages?.length ? doc.languages : ['en-US'];
  const [newName, setNewName] = useState('');
  const setPrompt = (name: string, variants: PromptVariants, key?: string) =>
    store.apply(setFlowFields({ prompts: { ...prompts, [name]: variants } }), key ? { coalesceKey: key } : {});
  const remove = (name: string) => {
    const rest = { ...prompts };
    delete rest[name];
    store.apply(setFlowFields({ prompts: rest }));
  };

  return (
    <section className="prompts-editor" data-testid="prompts-editor">
      {Object.entries(prompts).map(([name, variants]) => (
        <fieldset key={name} data-testid={`prompt-${name}`}>
          <legend>
            {name}
            {!readOnly && (
              <button type="button" className="icon" aria-label={`Remove prompt ${name}`} onClick={() => remove(name)}>
                ×
              </button>
            )}
          </legend>
          {languages.map((language) => {
            const variant = variants[language] ?? {};
            return (
              <div key={language} className="prompt-variant">
                <span className="language">{language}</span>
                <textarea
                  rows={2}
                  aria-label={`${name} text in ${language}`}
                  data-testid={`prompt-${name}-${language}-tts`}
                  value={variant.tts ?? ''}
                  readOnly={readOnly}
                  onChange={(event) =>
                    setPrompt(name, { ...variants, [language]: { ...variant, tts: event.target.value } }, `prompt:${name}:${language}:tts`)
                  }
                />
                <input
                  placeholder="audio (media id or URL)"
                  aria-label={`${name} audio in ${language}`}
                  value={variant.audio ?? ''}
                  readOnly={readOnly}
                  onChange={(event) => {
                    const { audio: _previous, ...rest } = variant;
                    const next = event.target.value ? { ...rest, audio: event.target.value } : rest;
                    setPrompt(name, { ...variants, [language]: next }, `prompt:${name}:${language}:audio`);
                  }}
                />
              </div>
            );
          })}
        </fieldset>
      ))}
      {!readOnly && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!PROMPT_NAME.test(newName) || prompts[newName]) return;
            setPrompt(newName, { [languages[0] as string]: { tts: '' } });
            setNewName('');
          }}
        >
          <input placeholder="new prompt name" aria-label="New prompt name" data-testid="new-prompt-name" value={newName} onChange={(event) => setNewName(event.target.value)} />
          <button type="submit" data-testid="add-prompt" disabled={!PROMPT_NAME.test(newName) || !!prompts[newName]}>
            Add prompt
          </button>
        </form>
      )}
    </section>
  );
}
