/**
 * The flow document being edited, with undo/redo. An external store (not React state) so a
 * component subscribes only to the slice it shows and a drag never re-renders the page.
 */

import { useSyncExternalStore } from 'react';
import type { FlowDocument } from '../../api/types';
import type { DocEdit } from '../model/documentOps';

const HISTORY_LIMIT = 200;
const COALESCE_MS = 1200;

export interface ApplyOptions {
  /** Consecutive edits with the same key (typing in one field) become one undo step. */
  coalesceKey?: string;
}

export class DocumentStore {
  private doc: FlowDocument;
  private past: FlowDocument[] = [];
  private future: FlowDocument[] = [];
  private lastKey: string | null = null;
  private lastAt = 0;
  private listeners = new Set<() => void>();
  /** Counts edits made here; autosave compares it with what it last saved. */
  editCount = 0;

  constructor(doc: FlowDocument) {
    this.doc = doc;
  }

  get current(): FlowDocument {
    return this.doc;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FlowDocument => this.doc;

  apply(edit: DocEdit, options: ApplyOptions = {}): void {
    const next = edit(this.doc);
    if (next === this.doc) return;
    const now = Date.now();
    const coalesce = options.coalesceKey !== undefined && options.coalesceKey === this.lastKey && now - this.lastAt < COALESCE_MS;
    if (!coalesce) {
      this.past.push(this.doc);
      if (this.past.length > HISTORY_LIMIT) this.past.shift();
    }
    this.future = [];
    this.lastKey = options.coalesceKey ?? null;
    this.lastAt = now;
    this.commit(next, true);
  }

  undo(): void {
    const previous = this.past.pop();
    if (!previous) return;
    this.future.push(this.doc);
    this.lastKey = null;
    this.commit(previous, true);
  }

  redo(): void {
    const next = this.future.pop();
    if (!next) return;
    this.past.push(this.doc);
    this.lastKey = null;
    this.commit(next, true);
  }

  /** Replace the document as one undoable step (e.g. "take theirs"): the old one stays in history. */
  replace(doc: FlowDocument): void {
    this.past.push(this.doc);
    this.future = [];
    this.lastKey = null;
    this.commit(doc, true);
  }

  /** Load a document that is already saved (no edit to save, no history). */
  reset(doc: FlowDocument): void {
    this.past = [];
    this.future = [];
    this.lastKey = null;
    this.commit(doc, false);
  }

  private commit(doc: FlowDocument, edited: boolean): void {
    this.doc = doc;
    if (edited) this.editCount += 1;
    for (const listener of this.listeners) listener();
  }
}

export function useDocument(store: DocumentStore): FlowDocument {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Subscribe to one derived value; re-renders only when it changes (by `Object.is`). */
export function useDocumentSelector<T>(store: DocumentStore, select: (doc: FlowDocument) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}
