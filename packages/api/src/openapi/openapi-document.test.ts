import { createLogger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import type { FastifyInstance } from 'fastify';
import { call, testApi, testConfig } from '../api-fixture.test-support';
import { apiRoutes } from '../routes/api-routes';
import { type OpenApiDocument, openApiPath } from './openapi-document';

describe('the OpenAPI document', () => {
  let app: FastifyInstance;
  const registered: { method: string; url: string }[] = [];

  beforeAll(async () => {
    // The document needs no store: any query would fail this test.
    const noStore = { query: () => Promise.reject(new Error('no store in this test')) } as unknown as Db;
    app = testApi(noStore, testConfig({ api: { publicUrl: 'https://crm.example.com' } }), {
      log: createLogger({ level: 'silent' }),
    });
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') registered.push({ method, url: route.url });
      }
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  const fetchDocument = async () => {
    const response = await call(app, 'GET', '/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    return response.json<OpenApiDocument>();
  };

  it('is OpenAPI 3.1 with JSON Schema 2020-12, a bearer scheme, the server and the problem shape', async () => {
    const document = await fetchDocument();
    expect(document).toMatchObject({
      openapi: '3.1.0',
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      servers: [{ url: 'https://crm.example.com' }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    });
    expect(document.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance']),
    });
    // Every reference resolves inside the document.
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const [, , section, name] = ref.slice(8, -1).split('/');
      expect(
        (document.components as Record<string, Record<string, unknown>>)[section!]?.[name!],
      ).toBeDefined();
    }
  });

  it('describes every registered route with its path and query parameters, body and answers', async () => {
    const document = await fetchDocument();
    const apiRegistered = registered.filter((route) => !route.url.includes('*'));
    expect(apiRegistered.length).toBe(apiRoutes.length);
    const operationIds = new Set<string>();
    for (const { method, url } of apiRegistered) {
      const path = openApiPath(url);
      const operation = document.paths[path]?.[method.toLowerCase()];
      expect({ route: `${method} ${url}`, documented: operation !== undefined }).toEqual({
        route: `${method} ${url}`,
        documented: true,
      });
      const route = apiRoutes.find((candidate) => candidate.method === method && candidate.path === url)!;
      expect(operationIds.has(operation!.operationId)).toBe(false);
      operationIds.add(operation!.operationId);

      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const pathParameters = operation!.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParameters).toEqual(inPath);
      const queryParameters = operation!.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      expect(queryParameters).toEqual(Object.keys(route.query?.shape ?? {}));
      expect(operation!.requestBody !== undefined).toBe(route.body !== undefined);
      expect(Object.keys(operation!.responses)).toContain(String(route.status));
      if (route.scope) {
        expect(operation!.security).toEqual([{ apiKey: [] }]);
        expect(operation!['x-required-scope']).toBe(route.scope);
        expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
      } else {
        expect(operation!.security).toEqual([]);
      }
    }
  });

  it('marks required query parameters and gives their schemas, limits included', async () => {
    const document = await fetchDocument();
    const search = document.paths['/v1/customers']!.get!;
    expect(search.parameters).toEqual([
      expect.objectContaining({
        name: 'q',
        in: 'query',
        required: true,
        schema: expect.objectContaining({ type: 'string', minLength: 1, maxLength: 200 }),
      }),
      expect.objectContaining({
        name: 'limit',
        required: false,
        schema: expect.objectContaining({ type: 'integer', maximum: 100, default: 25 }),
      }),
    ]);
    const start = document.paths['/v1/sync/runs']!.post!;
    expect(start.requestBody!.content['application/json']!.schema).toMatchObject({
      type: 'object',
      required: ['source'],
      properties: { mode: { enum: ['incremental', 'full'], default: 'incremental' } },
    });
    expect(Object.keys(start.responses)).toEqual(expect.arrayContaining(['202', '404', '409', '413', '503']));
  });
});
