/**
 * Installed MicroApps as palette entries (category "MicroApps"), and what dropping one creates:
 * a `module` block calling `publisher/name@<major>` with an expression for every input and every
 * output mapped to a flow variable of the same name (declared with the manifest's type when the
 * flow does not have it yet), so the block validates as soon as it lands.
 *
 * The reference follows the major line (`acme/pin-check@1`), the usual choice: the flow gets
 * compatible updates, and an update plan names the flow if a new version breaks that promise.
 * A designer can pin an exact version in the block's properties.
 */

import type { FlowVariable, PaletteEntry } from '../../api/types';
import { addBlock, type DocEdit } from '../../editor/model/documentOps';
import type { InstalledMicroApp, Parameters } from '../storeTypes';

export const MICROAPP_CATEGORY = 'MicroApps';
const TYPE_PREFIX = 'microapp:';

export interface MicroAppPaletteEntry extends PaletteEntry {
  microApp: InstalledMicroApp;
  moduleRef: string;
}

export function isMicroAppEntry(entry: PaletteEntry): entry is MicroAppPaletteEntry {
  return entry.type.startsWith(TYPE_PREFIX) && 'microApp' in entry;
}

/** `acme/pin-check`, `1.4.2` → `acme/pin-check@1`: the newest installed 1.x. */
export function followingRef(name: string, version: string): string {
  return `${name}@${version.split('.')[0] ?? version}`;
}

function versionParts(version: string): { numbers: number[]; prerelease: string } {
  const [core = '', prerelease = ''] = version.split('+')[0]?.split(/-(.*)/s) ?? [];
  return { numbers: core.split('.').map((part) => Number.parseInt(part, 10) || 0), prerelease };
}

/** Semantic-version order (build metadata ignored; a prerelease sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let index = 0; index < 3; index += 1) {
    const difference = (left.numbers[index] ?? 0) - (right.numbers[index] ?? 0);
    if (difference !== 0) return difference;
  }
  if (left.prerelease === right.prerelease) return 0;
  if (!left.prerelease) return 1;
  if (!right.prerelease) return -1;
  return left.prerelease < right.prerelease ? -1 : 1;
}

function newestOfEach(installed: InstalledMicroApp[]): InstalledMicroApp[] {
  const newest = new Map<string, InstalledMicroApp>();
  for (const item of installed) {
    const known = newest.get(item.name);
    if (!known || compareVersions(item.version, known.version) > 0) newest.set(item.name, item);
  }
  return [...newest.values()].sort((a, b) => (a.title ?? a.name).localeCompare(b.title ?? b.name));
}

/** One entry per installed MicroApp (its newest version), shaped like the `module` block's entry. */
export function microAppPaletteEntries(installed: InstalledMicroApp[], moduleEntry: PaletteEntry): MicroAppPaletteEntry[] {
  return newestOfEach(installed).map((microApp) => {
    const moduleRef = followingRef(microApp.name, microApp.version);
    const inputs = Object.keys(microApp.inputs).join(', ') || 'none';
    const outputs = Object.keys(microApp.outputs).join(', ') || 'none';
    return {
      ...moduleEntry,
      type: `${TYPE_PREFIX}${microApp.name}`,
      label: microApp.title ?? microApp.name,
      category: MICROAPP_CATEGORY,
      module_only: false,
      help: `MicroApp ${microApp.name}@${microApp.version}, called as ${moduleRef}.\nInputs: ${inputs}\nOutputs: ${outputs}`,
      microApp,
      moduleRef,
    };
  });
}

/** The id new blocks of this MicroApp start from: `acme/pin-check` → `pin_check_1`. */
export function microAppBlockIdBase(entry: MicroAppPaletteEntry): string {
  return entry.microApp.name.split('/')[1] ?? 'microapp';
}

const INPUT_EXPRESSIONS: Record<string, string> = { string: "''", number: '0', boolean: 'false', object: '({})', array: '[]' };
const VARIABLE_DEFAULTS: Record<string, unknown> = { string: '', number: 0, boolean: false };

function inputBindings(inputs: Parameters): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, parameter]) => [name, INPUT_EXPRESSIONS[parameter.type] ?? 'null']));
}

function outputVariables(entry: MicroAppPaletteEntry, existing: Record<string, FlowVariable>): Record<string, FlowVariable> {
  const variables = { ...existing };
  for (const [name, parameter] of Object.entries(entry.microApp.outputs)) {
    if (variables[name]) continue;
    variables[name] = {
      type: parameter.type,
      default: VARIABLE_DEFAULTS[parameter.type] ?? null,
      description: `Output '${name}' of ${entry.moduleRef}.`,
    };
  }
  return variables;
}

export function addMicroAppBlock(id: string, entry: MicroAppPaletteEntry, position: { x: number; y: number }): DocEdit {
  return (doc) => {
    const placed = addBlock(id, { ...entry, type: 'module' }, position)(doc);
    const block = placed.blocks[id];
    if (!block) return doc;
    const outputs = Object.fromEntries(Object.keys(entry.microApp.outputs).map((name) => [name, name]));
    const props = { module: entry.moduleRef, inputs: inputBindings(entry.microApp.inputs), outputs };
    return {
      ...placed,
      variables: outputVariables(entry, doc.variables ?? {}),
      blocks: { ...placed.blocks, [id]: { ...block, props } },
    };
  };
}
