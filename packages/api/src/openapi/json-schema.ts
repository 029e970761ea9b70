import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const FORMATS = new Set(['date-time', 'date', 'uuid', 'email']);

/**
 * A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 speaks), ready to embed: no `$schema`, and any
 * `$defs` moved into `defs` (the document's components) with their references rewritten to point there.
 */
export function toJsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  defs: Record<string, JsonSchema>,
): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'ref',
    // A format says it: the long regex zod adds beside date-time, uuid or email only bloats the document.
    override: ({ jsonSchema }) => {
      if (typeof jsonSchema.format === 'string' && FORMATS.has(jsonSchema.format)) delete jsonSchema.pattern;
    },
  }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = converted;
  if (!$defs) return rest;
  for (const [name, def] of Object.entries($defs as Record<string, JsonSchema>)) {
    defs[name] = rewriteRefs(def) as JsonSchema;
  }
  return rewriteRefs(rest) as JsonSchema;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string'
        ? value.replace(/^#\/\$defs\//, '#/components/schemas/')
        : rewriteRefs(value),
    ]),
  );
}
