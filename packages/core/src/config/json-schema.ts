// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in these strings is crm-bridge.yaml syntax, not a JS template
/** The JSON Schema of crm-bridge.yaml, for editor completion (committed as config/crm-bridge.schema.json). */
import { z } from 'zod';
import { Config } from './schema';

/** Where the generated schema is committed, relative to the repository root. */
export const CONFIG_JSON_SCHEMA_FILE = 'config/crm-bridge.schema.json';

type JsonSchema = { [key: string]: unknown };

/** Any value may be written as `${VAR}` or `${VAR:-default}`; editors must not flag those. */
const ENV_REFERENCE: JsonSchema = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\\}',
  description: 'Filled from the environment: ${VAR} or ${VAR:-default}',
};
/** Annotations that stay on the outside when a scalar schema is widened to also take `${VAR}`. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'writeOnly', 'examples']);

const isObject = (value: unknown): value is JsonSchema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Widens every scalar field that would refuse a `${VAR}` string (numbers, flags, enums, patterns, URLs). */
function allowEnvReferences(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([key, child]) => [key, allowEnvReferences(child as JsonSchema)]),
    );
  }
  if (isObject(out.additionalProperties))
    out.additionalProperties = allowEnvReferences(out.additionalProperties);
  if (isObject(out.items)) out.items = allowEnvReferences(out.items);
  if (Array.isArray(out.items)) out.items = out.items.map((item) => allowEnvReferences(item as JsonSchema));
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(out[key])) out[key] = (out[key] as JsonSchema[]).map(allowEnvReferences);
  }
  const scalar = ['string', 'number', 'integer', 'boolean'].includes(out.type as string) || 'const' in out;
  const takesAnyText = out.type === 'string' && !('pattern' in out || 'format' in out || 'enum' in out);
  if (!scalar || takesAnyText) return out;
  const outside = Object.entries(out).filter(([key]) => ANNOTATIONS.has(key));
  const inside = Object.entries(out).filter(([key]) => !ANNOTATIONS.has(key));
  return {
    ...Object.fromEntries(outside),
    anyOf: [Object.fromEntries(inside), { $ref: '#/definitions/envReference' }],
  };
}

/**
 * The JSON Schema of the YAML as written: durations as text, secrets as strings marked writeOnly,
 * unknown keys refused, and `${VAR}` accepted for any value.
 */
export function configJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(Config, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'throw',
  }) as JsonSchema;
  const schema = allowEnvReferences(generated);
  const definitions = isObject(generated.definitions) ? generated.definitions : {};
  return { ...schema, definitions: { ...definitions, envReference: ENV_REFERENCE } };
}

/** The exact text of config/crm-bridge.schema.json: what `crm-bridge config schema` writes. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
