import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, tokenOfLink, type RunningServer } from './harness.ts';

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

const post = (body: string, contentType = 'application/json') =>
  fetch(`${running.http}/api/boards`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('HTTP API', () => {
  it('answers health checks', async () => {
    const response = await fetch(`${running.http}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('creates, lists and reads boards', async () => {
    const created = await post(JSON.stringify({ title: '  Roadmap 2027 ', template: 'now-next-later' }));
    expect(created.status).toBe(201);
    const { id, url, links } = (await created.json()) as { id: string; url: string; links: Record<string, string> };
    expect(url).toBe(`/b/${id}`);
    expect(Object.keys(links).sort()).toEqual(['editor', 'owner', 'viewer']);
    expect(links.viewer).toMatch(new RegExp(`^/b/${id}#t=`));
    const auth = { authorization: `Bearer ${tokenOfLink(links.viewer as string)}` };

    // With a board's token, the list shows that board and no other.
    await post(JSON.stringify({ title: 'Someone else’s board', template: 'planning' }));
    const list = (await (await fetch(`${running.http}/api/boards`, { headers: auth })).json()) as { boards: Array<{ id: string; title: string }> };
    expect(list.boards.map((board) => [board.id, board.title])).toEqual([[id, 'Roadmap 2027']]);

    const read = await fetch(`${running.http}/api/boards/${id}`, { headers: auth });
    expect(read.status).toBe(200);
    const { board } = (await read.json()) as { board: { meta: { title: string }; lanes: Array<{ name: string; items: unknown[] }> } };
    expect(board.meta.title).toBe('Roadmap 2027');
    expect(board.lanes.map((lane) => lane.name)).toEqual(['Now', 'Next', 'Later']);
  });

  it('names the problem in a 4xx JSON error for invalid input', async () => {
    const cases: Array<[Response, number, string, RegExp]> = [
      [await post('{"title": "x", "template": "kanban"}'), 400, 'invalid_input', /template must be one of: planning, now-next-later/],
      [await post('{"template": "planning"}'), 400, 'invalid_input', /^title /],
      [await post(JSON.stringify({ title: 'x'.repeat(201), template: 'planning' })), 400, 'invalid_input', /at most 200 characters/],
      [await post('{"title": "x", "template": "planning", "extra": 1}'), 400, 'invalid_input', /extra/],
      [await post('{not json'), 400, 'invalid_json', /not valid JSON/],
      [await post('title=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type', /JSON/],
      [await fetch(`${running.http}/api/boards/does-not-exist`, { headers: { authorization: `Bearer ${tokenOfLink((await running.server.access.roleLinks('does-not-exist')).viewer)}` } }), 404, 'board_not_found', /does not exist/],
      [await fetch(`${running.http}/api/boards/does-not-exist`), 401, 'token_missing', /share link/],
      [await fetch(`${running.http}/api/boards/${'%20'.repeat(3)}`), 400, 'invalid_board_id', /board id/],
      [await fetch(`${running.http}/api/nothing-here`), 404, 'not_found', /No API endpoint/],
    ];
    for (const [response, status, code, message] of cases) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    }
  });

  it('serves a page at / even before the client is built', async () => {
    const response = await fetch(`${running.http}/b/anything`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Lanewise');
  });
});
