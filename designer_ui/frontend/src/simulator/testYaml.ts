/** Adding a recorded case to a flow's test file (YAML), keeping the file's comments and order. */

import YAML from 'yaml';

interface CaseLike {
  name?: string;
  [key: string]: unknown;
}

/** The cases in a YAML text: a whole test file (`cases:`), a list of cases, or one case. */
export function casesIn(text: string): CaseLike[] {
  const value = YAML.parse(text) as unknown;
  if (Array.isArray(value)) return value as CaseLike[];
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.cases)) return record.cases as CaseLike[];
    return [record];
  }
  return [];
}

export function caseNames(text: string): string[] {
  try {
    return casesIn(text).map((item, index) => String(item.name ?? `case ${index + 1}`));
  } catch {
    return [];
  }
}

function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n += 1) if (!taken.has(`${name} (${n})`)) return `${name} (${n})`;
}

export function appendCase(existing: string, recorded: string, flowId: string): string {
  const cases = casesIn(recorded);
  const recordedValue = YAML.parse(recorded) as Record<string, unknown> | null;
  if (!existing.trim()) {
    if (recordedValue && !Array.isArray(recordedValue) && Array.isArray(recordedValue.cases)) return recorded;
    return YAML.stringify({ flow: flowId, cases });
  }
  const document = YAML.parseDocument(existing);
  const taken = new Set(caseNames(existing));
  let list = document.get('cases');
  if (!YAML.isSeq(list)) {
    list = document.createNode([]);
    document.set('cases', list);
  }
  for (const item of cases) {
    const name = uniqueName(String(item.name ?? 'recorded run'), taken);
    taken.add(name);
    (list as YAML.YAMLSeq).add(document.createNode({ ...item, name }));
  }
  return document.toString();
}
