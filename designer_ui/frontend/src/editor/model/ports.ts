/** A block's output ports: the palette's static ones, plus those its props declare (dynamic). */

import type { FlowBlock, PaletteEntry } from '../../api/types';

/** Where dynamic block types keep their port names: `options[].key`, `conditions[].name`, `intents[]`. */
function portsFromProps(props: Record<string, unknown>): string[] {
  const names: string[] = [];
  const options = props.options;
  if (Array.isArray(options)) {
    for (const option of options) {
      const key = (option as { key?: unknown } | null)?.key;
      if (typeof key === 'string' && key) names.push(key);
    }
  }
  const conditions = props.conditions;
  if (Array.isArray(conditions)) {
    for (const condition of conditions) {
      const name = (condition as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && name) names.push(name);
    }
  }
  const intents = props.intents;
  if (Array.isArray(intents)) {
    for (const intent of intents) if (typeof intent === 'string' && intent) names.push(intent);
  }
  return names;
}

export function portsOf(block: FlowBlock, entry: PaletteEntry | undefined): string[] {
  const declared = entry
    ? entry.dynamic_ports
      ? [...portsFromProps(block.props ?? {}), ...entry.ports]
      : [...entry.ports]
    : [];
  const unique = Array.from(new Set(declared));
  // An edge on a port the block no longer declares stays visible so it can be removed.
  for (const port of Object.keys(block.next ?? {})) if (!unique.includes(port)) unique.push(port);
  return unique;
}

export function portLabel(port: string, entry: PaletteEntry | undefined): string {
  return entry?.port_labels?.[port] ?? port;
}

export function isDeclaredPort(port: string, block: FlowBlock, entry: PaletteEntry | undefined): boolean {
  if (!entry) return false;
  if (entry.ports.includes(port)) return true;
  return entry.dynamic_ports && portsFromProps(block.props ?? {}).includes(port);
}

/** What the canvas writes beside a port: a menu option's label with its key, else the port label. */
export function blockPortLabel(port: string, block: FlowBlock, entry: PaletteEntry | undefined): string {
  const options = block.props?.options;
  if (Array.isArray(options)) {
    const option = options.find((item) => (item as { key?: unknown } | null)?.key === port) as { label?: unknown } | undefined;
    if (option && typeof option.label === 'string' && option.label.trim()) return `${port} · ${option.label.trim()}`;
  }
  return portLabel(port, entry);
}
