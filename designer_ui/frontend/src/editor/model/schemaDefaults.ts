/** A starting value for a JSON Schema: what a new block's props or a new list item begin with. */

import type { JsonSchema } from '../../api/types';

export function schemaTypeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null');
  return schema.type;
}

/** `{anyOf: [X, {type: null}]}` → X, or undefined when the schema is not a nullable wrapper. */
export function nullableInner(schema: JsonSchema): JsonSchema | undefined {
  const options = schema.anyOf;
  if (!options || options.length !== 2) return undefined;
  const inner = options.find((option) => option.type !== 'null');
  return options.some((option) => option.type === 'null') ? inner : undefined;
}

export function defaultFor(schema: JsonSchema, name = '', index = 0): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (nullableInner(schema)) return null;
  if (schema.oneOf && schema.oneOf[0]) return defaultFor(schema.oneOf[0], name, index);
  switch (schemaTypeOf(schema)) {
    case 'string':
      if (name === 'key') return String(index + 1);
      if (name === 'name') return `branch${index + 1}`;
      return '';
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'array': {
      const count = schema.minItems ?? 0;
      return Array.from({ length: count }, (_, i) => defaultFor(schema.items ?? {}, '', i));
    }
    case 'object':
      return requiredDefaults(schema, index);
    default:
      return null;
  }
}

/** The required properties of an object schema, each at its default. */
export function requiredDefaults(schema: JsonSchema, index = 0): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of schema.required ?? []) {
    const property = schema.properties?.[key];
    if (property) result[key] = defaultFor(property, key, index);
  }
  return result;
}
