/** The editor's palette: the block types from `GET /blocks` plus the installed MicroApps. */

import { useMemo } from 'react';
import type { PaletteEntry } from '../../api/types';
import { useAsync } from '../../common/useAsync';
import { installedApi } from '../storeApi';
import { microAppPaletteEntries } from './microAppPalette';

export function useMicroAppPalette(blocks: PaletteEntry[] | null): PaletteEntry[] | null {
  const installed = useAsync(() => installedApi.list(), []);
  return useMemo(() => {
    if (!blocks) return null;
    const moduleEntry = blocks.find((entry) => entry.type === 'module');
    if (!moduleEntry || !installed.data || installed.data.length === 0) return blocks;
    return [...blocks, ...microAppPaletteEntries(installed.data, moduleEntry)];
  }, [blocks, installed.data]);
}
