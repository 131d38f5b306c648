/**
 * Two Lanewise servers on one PostgreSQL schema (the `postgres` project only): the retro records
 * are shared — a participant's drafts written through one instance are theirs on the other, a vote
 * budget holds while both instances take votes at once, and a phase deadline both instances have
 * armed closes the phase with its drafts revealed once (that exactly one scheduler runs is
 * counted in retroRecords.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readBoard } from '@lanewise/shared';
import { pgQuery, schemaFor } from './backend.ts';
import { boardFetch, learnTokens, serverDoc, startServer, tempDataDir, waitFor, type RunningServer } from './harness.ts';

const SECRET = 'one-secret-shared-by-both-instances-of-this-test';
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function instance(schemaDir: string, dir = schemaDir): Promise<RunningServer> {
  const running = await startServer(dir, { LANEWISE_SECRET: SECRET, DATABASE_SCHEMA: schemaFor(schemaDir) });
  cleanups.push(() => running.stop());
  return running;
}

function dataDir(): string {
  const data = tempDataDir();
  cleanups.push(data.remove);
  return data.dir;
}

const caller = (running: RunningServer, secret: string, role: 'owner' | 'editor' = 'editor') => (boardId: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  boardFetch(
    `${running.http}/api/boards/${boardId}${path}`,
    { method: init.method ?? 'GET', headers: { 'content-type': 'application/json', 'x-lanewise-participant': secret, 'x-lanewise-name': secret.split('-')[0] as string }, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) },
    role,
  );

async function newRetro(running: RunningServer): Promise<{ id: string; lane: string }> {
  const response = await fetch(`${running.http}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Shared retro', template: 'retro-went-well' }) });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await learnTokens(running.server, id);
  const lane = readBoard(await serverDoc(running.server, id))?.lanes.find((candidate) => candidate.name === 'To improve')?.id as string;
  return { id, lane };
}

describe('retro records shared by two instances on one PostgreSQL', () => {
  it('a budget holds while both instances take votes at once', async () => {
    const first = await instance(dataDir());
    const { id, lane } = await newRetro(first);
    for (const text of ['One', 'Two', 'Three', 'Four']) expect((await caller(first, 'ana-0123456789abcdef')(id, '/retro/drafts', { method: 'POST', body: { laneId: lane, text } })).status).toBe(201);
    expect((await caller(first, 'fay-0123456789abcdef', 'owner')(id, '/retro/phase', { method: 'POST', body: { phase: 'vote' } })).status).toBe(200);
    // The second instance opens the board after the move (each board is served by one instance at a time).
    const second = await instance(first.config.dataDir, dataDir());
    const status = (await (await caller(second, 'ana-0123456789abcdef')(id, '/retro')).json()) as { phase: string; voteBudget: number };
    expect(status).toMatchObject({ phase: 'vote', voteBudget: 5 });
    const cards = readBoard(await serverDoc(second.server, id))?.lanes.flatMap((candidate) => candidate.items.map((item) => item.id)) ?? [];
    expect(cards.length).toBe(4);
    // Ben spends 3 on each card at once, half through each instance: 12 asked, at most 5 kept.
    const answers = await Promise.all(cards.flatMap((card, index) => [first, second].map((running) => caller(running, 'ben-0123456789abcdef')(id, `/retro/votes/${card}`, { method: 'PUT', body: { votes: index % 2 === 0 ? 3 : 2 } }))));
    const mine = (await (await caller(second, 'ben-0123456789abcdef')(id, '/retro')).json()) as { mine: { votes: Record<string, number> } };
    const spent = Object.values(mine.mine.votes).reduce((sum, votes) => sum + votes, 0);
    expect(spent).toBeLessThanOrEqual(5);
    expect(answers.filter((answer) => answer.status === 409).length).toBeGreaterThan(0);
  });

  it('drafts follow their writer across instances; a deadline armed on both closes the phase, revealing the drafts once', async () => {
    const first = await instance(dataDir());
    const { id, lane } = await newRetro(first);
    expect((await caller(first, 'eli-0123456789abcdef')(id, '/retro/drafts', { method: 'POST', body: { laneId: lane, text: 'Revealed once' } })).status).toBe(201);
    const at = Date.now() + 3000;
    expect((await caller(first, 'fay-0123456789abcdef', 'owner')(id, '/facilitation/deadline', { method: 'POST', body: { at } })).status).toBe(200);
    // The second instance arms the stored deadline at its start, and loads the board then.
    const second = await instance(first.config.dataDir, dataDir());
    expect(readBoard(await serverDoc(second.server, id))?.meta.phaseDeadline?.at).toBe(at);
    // Her draft is hers on the other instance too (same participant key, same records).
    const drafts = (await (await caller(second, 'eli-0123456789abcdef')(id, '/retro')).json()) as { mine: { drafts: Array<{ text: string }> } };
    expect(drafts.mine.drafts.map((draft) => draft.text)).toEqual(['Revealed once']);
    // Once the winner has closed the phase its row is gone: from then on neither instance can claim it.
    await waitFor(async () => (await pgQuery<{ n: number }>(first.config.dataDir, 'SELECT COUNT(*)::int AS n FROM retro_phase_deadlines'))[0]?.n === 0, 'the deadline to be closed', 10_000);
    const created = (await first.server.storage.decisions.list(id, {})).filter((entry) => entry.action === 'item.created');
    expect(created.length).toBe(1);
  });
});
