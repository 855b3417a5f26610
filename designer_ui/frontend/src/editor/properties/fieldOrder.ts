/** The order, labels, help and grouping of a block's properties, as its block type declares them
 * in the palette; properties the type does not describe follow in schema order. */

import type { FieldInfo, JsonSchema, PaletteEntry } from '../../api/types';
import { humanize } from './fieldLabels';

export interface PanelField extends FieldInfo {
  schema: JsonSchema;
}

export function panelFields(entry: PaletteEntry | undefined, schema: JsonSchema): PanelField[] {
  const properties = schema.properties ?? {};
  const declared = (entry?.fields ?? []).filter((info) => info.name in properties);
  const seen = new Set(declared.map((info) => info.name));
  const rest: FieldInfo[] = Object.keys(properties)
    .filter((name) => !seen.has(name))
    .map((name) => ({ name, label: humanize(name), help: properties[name]?.description ?? '', advanced: false, widget: '', summary: false }));
  return [...declared, ...rest].map((info) => ({ ...info, schema: properties[info.name] ?? {} }));
}
