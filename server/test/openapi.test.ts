import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;

beforeAll(async () => {
  data = tempDataDir();
  running = await startServer(data.dir);
});
afterAll(async () => {
  await running.stop();
  data.remove();
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const response = await fetch(`${running.http}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string };
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every API route the server has, with the schemas the routes validate with', async () => {
    const document = (await (await fetch(`${running.http}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }>; requestBody?: unknown }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const routes = running.server.app.routes
      .filter((route) => route.method !== 'ALL' && (route.path.startsWith('/api/') || route.path === '/healthz'))
      .map((route) => [route.method.toLowerCase(), route.path.replace(/:(\w+)/g, '{$1}')] as const);
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter(([method, path]) => !document.paths[path]?.[method]);
    expect(missing).toEqual([]);
    // The same zod schemas: the create-board body and the decision query as the routes check them.
    expect(Object.keys(document.components.schemas.CreateBoard?.properties ?? {})).toEqual(['title', 'template', 'sample', 'prompts']);
    expect(document.paths['/api/boards/{id}/decisions']?.get?.parameters?.map((parameter) => parameter.name)).toEqual(['id', 'item', 'actor', 'since', 'sinceSeq', 'before', 'limit', 'order']);
    expect(Object.keys(document.components.schemas.Item?.properties ?? {})).toContain('source');
    expect(Object.keys(document.components.schemas.ImportOptions?.properties ?? {})).toEqual(['format', 'columns', 'laneColumn', 'lanes', 'skipDone']);
  });
});
