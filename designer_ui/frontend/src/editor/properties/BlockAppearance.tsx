/** A block's colour and note (`ui.color`, `ui.note`): for the people reading the flow, not the engine. */

import type { BlockUi, FlowBlock } from '../../api/types';
import '../canvas/blockAppearance.css';
import { blockColor, colorInputValue } from '../canvas/blockColor';
import { updateBlock } from '../model/documentOps';
import type { DocumentStore } from '../store/documentStore';

/** The flow format allows notes up to this many characters. */
const NOTE_MAX = 2000;

function withUi(block: FlowBlock, key: 'color' | 'note', value: string | null): FlowBlock {
  const ui: BlockUi = { ...block.ui };
  if (value) ui[key] = value;
  else delete ui[key];
  return { ...block, ui };
}

interface BlockAppearanceProps {
  store: DocumentStore;
  blockId: string;
  block: FlowBlock;
  readOnly: boolean;
}

export function BlockAppearance({ store, blockId, block, readOnly }: BlockAppearanceProps) {
  const colour = blockColor(block.ui?.color);
  const setUi = (key: 'color' | 'note', value: string | null) =>
    store.apply(
      updateBlock(blockId, (current) => withUi(current, key, value)),
      { coalesceKey: `${blockId}:ui.${key}` },
    );
  return (
    <fieldset className="block-appearance" data-testid="block-appearance">
      <legend>Colour and note</legend>
      <div className="schema-field">
        <span className="field-label" id={`${blockId}-colour-label`}>
          Colour
        </span>
        <div className="inline-form">
          <input
            type="color"
            aria-labelledby={`${blockId}-colour-label`}
            data-testid="block-color"
            value={colorInputValue(block.ui?.color)}
            disabled={readOnly}
            onChange={(event) => setUi('color', event.target.value)}
          />
          <span className="muted" data-testid="block-color-value">
            {colour ?? 'None'}
          </span>
          {colour && !readOnly && (
            <button type="button" data-testid="block-color-clear" onClick={() => setUi('color', null)}>
              No colour
            </button>
          )}
        </div>
      </div>
      <label className="schema-field">
        <span className="field-label">Note</span>
        <textarea
          rows={3}
          data-testid="block-note"
          maxLength={NOTE_MAX}
          placeholder="Shown as a tooltip on the block"
          value={block.ui?.note ?? ''}
          readOnly={readOnly}
          onChange={(event) => setUi('note', event.target.value)}
        />
      </label>
    </fieldset>
  );
}
