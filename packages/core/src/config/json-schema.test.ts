// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in these strings is crm-bridge.yaml syntax, not a JS template
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchema, configJsonSchemaText } from './json-schema';

const committedPath = resolve(__dirname, '../../../..', CONFIG_JSON_SCHEMA_FILE);

// CRM_BRIDGE_WRITE_CONFIG_SCHEMA=1 npx jest packages/core/src/config/json-schema regenerates the committed file
// until `npm run config:schema` (the CLI) does it.
if (process.env.CRM_BRIDGE_WRITE_CONFIG_SCHEMA === '1') writeFileSync(committedPath, configJsonSchemaText());

/** The value at a dotted path of a JSON document (undefined when any step is missing). */
function at(node: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], node);
}

/** The JSON paths of every node that has `writeOnly: true`. */
function writeOnlyPaths(node: unknown, path = ''): string[] {
  if (node === null || typeof node !== 'object') return [];
  const here = (node as Record<string, unknown>).writeOnly === true ? [path] : [];
  return here.concat(
    Object.entries(node).flatMap(([key, child]) =>
      writeOnlyPaths(child, path === '' ? key : `${path}.${key}`),
    ),
  );
}

describe('config JSON Schema', () => {
  it('marks exactly the secret fields writeOnly', () => {
    const names = writeOnlyPaths(configJsonSchema()).map((path) =>
      path.replace(/\.properties\./g, '.').replace(/^properties\./, ''),
    );
    expect(names.sort()).toEqual(
      [
        'bots.slack.appToken',
        'bots.slack.botToken',
        'bots.slack.signingSecret',
        'bots.telegram.botToken',
        'bots.telegram.webhookSecret',
        'redis.url',
        'sources.items.oneOf.0.credentials.apiKey',
        'sources.items.oneOf.0.credentials.password',
        'sources.items.oneOf.1.credentials.apiKey',
        'sources.items.oneOf.1.credentials.apiSecret',
        'sources.items.oneOf.2.credentials.password',
        'store.url',
      ].sort(),
    );
  });

  it('describes the YAML as written: unknown keys refused, defaults and duration text shown', () => {
    const schema = configJsonSchema();
    expect(schema.additionalProperties).toBe(false);
    expect(at(schema, 'required')).toEqual(['version', 'currency', 'phone']);
    expect(at(schema, 'properties.store.properties.dataDir')).toMatchObject({ default: '.data/pglite' });
    expect(at(schema, 'properties.tickets.properties.warnBefore')).toMatchObject({
      anyOf: [{ type: 'string', pattern: expect.any(String) }, {}],
    });
    expect(at(schema, 'properties.api.properties.port')).toMatchObject({
      default: 8080,
      anyOf: [{ type: 'integer' }, {}],
    });
  });

  it('lets any value that is not free text also be written as ${VAR}', () => {
    const schema = configJsonSchema();
    const reference = new RegExp(at(schema, 'definitions.envReference.pattern') as string);
    for (const text of ['${API_PORT}', '${API_PORT:-8080}', 'x${A}y'])
      expect(reference.test(text)).toBe(true);
    for (const text of ['8080', '$API_PORT', '${1X}']) expect(reference.test(text)).toBe(false);
    expect(at(schema, 'properties.bots.properties.slack.properties.botToken')).toMatchObject({
      writeOnly: true,
      anyOf: [{ pattern: expect.any(String) }, { $ref: '#/definitions/envReference' }],
    });
    // free text takes ${VAR} as it is, so it stays unwrapped
    expect(at(schema, 'properties.api.properties.host')).toMatchObject({ type: 'string' });
  });

  it('is committed up to date in config/crm-bridge.schema.json', () => {
    const committed = existsSync(committedPath) ? readFileSync(committedPath, 'utf8') : '';
    if (committed !== configJsonSchemaText()) {
      throw new Error(
        `${CONFIG_JSON_SCHEMA_FILE} is stale: run \`npm run config:schema\` and commit the result`,
      );
    }
  });
});
