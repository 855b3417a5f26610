/** Copy, cut, paste, duplicate and delete of the selected blocks, each one undo step. */

import { useCallback, useRef } from 'react';
import type { MutableRefObject } from 'react';
import type { CanvasController } from '../canvas/FlowCanvas';
import { copyBlocks, parseClipboard, pastedBlocks, type ClipboardContent } from '../model/clipboard';
import { deleteBlocks, disconnect, replaceBlocks } from '../model/documentOps';
import type { DocumentStore } from '../store/documentStore';

const STORAGE_KEY = 'designer-clipboard';

export function useClipboardActions(store: DocumentStore, canvas: MutableRefObject<CanvasController | null>, readOnly: boolean) {
  const pasteCount = useRef(0);

  const copy = useCallback(() => {
    const ids = canvas.current?.selectedBlockIds() ?? [];
    if (ids.length === 0) return;
    const text = JSON.stringify(copyBlocks(store.current, ids));
    window.localStorage.setItem(STORAGE_KEY, text);
    pasteCount.current = 0;
    void navigator.clipboard?.writeText(text).catch(() => undefined);
  }, [canvas, store]);

  const pasteContent = useCallback(
    (content: ClipboardContent) => {
      if (readOnly) return;
      pasteCount.current += 1;
      const { added, ids } = pastedBlocks(store.current, content, 40 * pasteCount.current);
      store.apply(replaceBlocks(added));
      canvas.current?.select(ids);
    },
    [canvas, readOnly, store],
  );

  const paste = useCallback(() => {
    const content = parseClipboard(window.localStorage.getItem(STORAGE_KEY) ?? '');
    if (content) pasteContent(content);
  }, [pasteContent]);

  const remove = useCallback(() => {
    if (readOnly) return;
    const blocks = new Set(canvas.current?.selectedBlockIds() ?? []);
    const edges = canvas.current?.selectedEdgeIds() ?? [];
    if (blocks.size === 0 && edges.length === 0) return;
    store.apply((doc) => {
      let next = blocks.size > 0 ? deleteBlocks(blocks)(doc) : doc;
      for (const edge of edges) {
        const [source, port] = edge.split('\u0000');
        if (source && port !== undefined && !blocks.has(source)) next = disconnect(source, port)(next);
      }
      return next;
    });
    canvas.current?.select([]);
  }, [canvas, readOnly, store]);

  const cut = useCallback(() => {
    copy();
    remove();
  }, [copy, remove]);

  const duplicate = useCallback(() => {
    const ids = canvas.current?.selectedBlockIds() ?? [];
    if (ids.length === 0) return;
    pasteCount.current = 0;
    pasteContent(copyBlocks(store.current, ids));
  }, [canvas, pasteContent, store]);

  return { copy, cut, paste, remove, duplicate };
}
