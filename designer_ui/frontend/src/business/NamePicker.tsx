/** Pick a resource by name from the server's list, or type a new name. */

import { useState } from 'react';

interface NamePickerProps {
  names: string[];
  value: string | null;
  onPick(name: string): void;
  testId: string;
  newLabel: string;
  canCreate: boolean;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$/;

export function NamePicker({ names, value, onPick, testId, newLabel, canCreate }: NamePickerProps) {
  const [draft, setDraft] = useState('');
  return (
    <div className="name-picker">
      <ul className="name-list" data-testid={`${testId}-list`}>
        {names.map((name) => (
          <li key={name}>
            <button type="button" aria-pressed={value === name} data-testid={`${testId}-${name}`} onClick={() => onPick(name)}>
              {name}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (NAME.test(draft.trim())) {
            onPick(draft.trim());
            setDraft('');
          }
        }}
      >
        <input aria-label={newLabel} placeholder={canCreate ? newLabel : 'Open by name'} data-testid={`${testId}-new`} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit" data-testid={`${testId}-open`} disabled={!NAME.test(draft.trim())}>
          Open
        </button>
      </form>
    </div>
  );
}
