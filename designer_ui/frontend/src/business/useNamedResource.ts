/** Load the names of one kind of Business Control and the one being edited. */

import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import type { BusinessKind } from '../api/businessApi';
import { useBusinessApi } from './environment';

export function useNamedResource(kind: BusinessKind) {
  const [names, setNames] = useState<string[]>([]);
  const [name, setName] = useState<string | null>(null);
  const [value, setValue] = useState<Record<string, unknown> | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const businessApi = useBusinessApi();

  const refreshNames = useCallback(() => void businessApi.names(kind).then(setNames), [businessApi, kind]);
  useEffect(refreshNames, [refreshNames]);

  const open = useCallback(
    async (picked: string) => {
      setName(picked);
      setValue(null);
      setMessage(null);
      try {
        setValue(await businessApi.get(kind, picked));
      } catch (caught) {
        if (caught instanceof ApiError && caught.status === 404) setValue({ name: picked, isNew: true });
        else setMessage(errorMessage(caught));
      }
    },
    [businessApi, kind],
  );

  const save = useCallback(
    async (body: Record<string, unknown>) => {
      if (!name) return;
      try {
        setValue(await businessApi.put(kind, name, body));
        setMessage('Saved.');
        refreshNames();
      } catch (caught) {
        setMessage(`Not saved: ${errorMessage(caught)}`);
      }
    },
    [businessApi, kind, name, refreshNames],
  );

  return { names, name, value, message, open, save, setMessage };
}
