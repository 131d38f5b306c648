/**
 * The decision log's integrity check against the real server and a second database connection
 * playing someone who can write the database file: incremental verification (its cost follows new
 * entries), and signed anchors that a rewrite with recomputed hashes cannot get past.
 */
import { addItem, moveItem, readBoard } from '@lanewise/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { AnchorSigner, type DecisionAnchor } from '../src/decisions/DecisionAnchors.ts';
import { chainHash, type DecisionEntry } from '../src/decisions/DecisionEntry.ts';
import { boardFetch, connectProvider, createBoardOverHttp, startServer, tempDataDir, waitFor, waitForSync, type RunningServer } from './harness.ts';

const SECRET = 'decision-log-test-secret-of-at-least-32-chars';
let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

beforeEach(async () => {
  data = tempDataDir();
  running = await startServer(data.dir, { LANEWISE_SECRET: SECRET });
});
afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

interface Verification {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  problem?: string;
  mode: 'full' | 'incremental';
  rehashed: number;
  anchor: Omit<DecisionAnchor, 'boardId'> | null;
}

const verify = async (boardId: string, query = '', role: 'owner' | 'viewer' = 'owner'): Promise<Verification> => {
  const response = await boardFetch(`${running.http}/api/boards/${boardId}/decisions/verify${query}`, {}, role);
  expect(response.status).toBe(200);
  return (await response.json()) as Verification;
};

const entries = (boardId: string) => running.server.storage.decisions.list(boardId, { order: 'asc', limit: 1000 });

/** A board with entries 1–4 (three items, Lee's move), a named snapshot (anchor at 4, entry 5), then entries 6–7. */
async function boardWithHistory(): Promise<{ boardId: string; dana: WebsocketProvider; lane: string }> {
  const boardId = await createBoardOverHttp(running.http, 'Q3');
  const dana = connectProvider(running.ws, boardId, 'Dana');
  const lee = connectProvider(running.ws, boardId, 'Lee');
  providers.push(dana, lee);
  await Promise.all([waitForSync(dana), waitForSync(lee)]);
  const [p0, p1] = readBoard(dana.doc)?.lanes.map((lane) => lane.id) as [string, string];
  const ids = ['SSO', 'Billing', 'Search'].map((title) => addItem(dana.doc, { title, laneId: p1 }));
  await waitFor(() => readBoard(lee.doc)?.lanes[1]?.items.length === 3, 'Lee to see the items');
  moveItem(lee.doc, ids[2] as string, { laneId: p0, position: 'top' }, undefined, { rationale: 'Renewal' });
  await waitFor(async () => (await entries(boardId)).length === 4, 'four entries');
  const snapshot = await boardFetch(`${running.http}/api/boards/${boardId}/snapshots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Agreed"}' });
  expect(snapshot.status).toBe(201);
  addItem(dana.doc, { title: 'Later 1', laneId: p1 });
  addItem(dana.doc, { title: 'Later 2', laneId: p1 });
  await waitFor(async () => (await entries(boardId)).length === 7, 'seven entries');
  return { boardId, dana, lane: p1 };
}

/**
 * What someone with write access to the database file can do: drop the append-only triggers, edit
 * entries from `fromSeq` on, and recompute every hash after the edit so the chain links again.
 */
function rewriteHistory(boardId: string, fromSeq: number, edit: (body: string) => string): void {
  const db = new Database(`${data.dir}/lanewise.db`);
  db.exec('DROP TRIGGER IF EXISTS board_decisions_no_update; DROP TRIGGER IF EXISTS board_decisions_no_delete;');
  const rows = db.prepare<[string], { seq: number; body: string; prev_hash: string }>('SELECT seq, body, prev_hash FROM board_decisions WHERE board_id = ? ORDER BY seq').all(boardId);
  const update = db.prepare('UPDATE board_decisions SET body = ?, actor_name = ?, prev_hash = ?, hash = ? WHERE board_id = ? AND seq = ?');
  let prevHash = rows.find((row) => row.seq === fromSeq)?.prev_hash as string;
  db.transaction(() => {
    for (const row of rows.filter((candidate) => candidate.seq >= fromSeq)) {
      const body = edit(row.body);
      const hash = chainHash(prevHash, body);
      update.run(body, (JSON.parse(body) as { actor: { name: string } }).actor.name, prevHash, hash, boardId, row.seq);
      prevHash = hash;
    }
  })();
  db.close();
}

describe('signed anchors', () => {
  it('a snapshot signs the chain head; a rewrite that recomputes every hash still fails verification', async () => {
    const { boardId } = await boardWithHistory();
    const before = await verify(boardId);
    expect(before).toMatchObject({ ok: true, checked: 7, anchor: { seq: 4, reason: 'snapshot' } });
    expect(before.anchor?.hash).toBe((await entries(boardId))[3]?.hash);

    // Lee's move becomes Dana's; every hash from there on is recomputed, so the chain links again.
    rewriteHistory(boardId, 4, (body) => body.replace('"name":"Lee"', '"name":"Dana"'));
    expect((await entries(boardId))[3]?.actor.name).toBe('Dana');
    const after = await verify(boardId);
    expect(after).toMatchObject({ ok: false, brokenAt: 1, mode: 'full' });
    expect(after.problem).toMatch(/^entries #1–#4 no longer match what the server signed on \d{4}-\d\d-\d\d \d\d:\d\d UTC: they were changed and their hashes recomputed$/);
  });

  it('finds entries removed from the end of the log, back past a signed anchor', async () => {
    const { boardId } = await boardWithHistory();
    expect((await verify(boardId)).ok).toBe(true);
    const db = new Database(`${data.dir}/lanewise.db`);
    db.exec('DROP TRIGGER board_decisions_no_delete');
    db.prepare('DELETE FROM board_decisions WHERE board_id = ? AND seq >= 3').run(boardId);
    db.close();
    expect(await verify(boardId)).toMatchObject({ ok: false, brokenAt: 3, checked: 2, problem: expect.stringMatching(/^entries from #3 on were removed: the server signed entry #4 on /) });
  });

  it('refuses an anchor whose signature is not the server\'s: forged, or signed under a secret the server no longer has', async () => {
    const { boardId } = await boardWithHistory();
    rewriteHistory(boardId, 4, (body) => body.replace('"name":"Lee"', '"name":"Dana"'));
    // The attacker also "re-signs" the anchor without the secret.
    const db = new Database(`${data.dir}/lanewise.db`);
    db.exec('DROP TRIGGER board_decision_anchors_no_update');
    const newHash = db.prepare<[string], { hash: string }>('SELECT hash FROM board_decisions WHERE board_id = ? AND seq = 4').get(boardId)?.hash;
    db.prepare('UPDATE board_decision_anchors SET hash = ?, mac = ? WHERE board_id = ? AND seq = 4').run(newHash, 'f'.repeat(64), boardId);
    db.close();
    expect(await verify(boardId)).toMatchObject({ ok: false, brokenAt: 1, problem: expect.stringMatching(/^the signed anchor at entry #4 does not carry this server's signature/) });

    // An untouched log checked by a server whose secret changed cannot vouch for its anchors either.
    const other = await boardWithHistory();
    await running.stop();
    running = await startServer(data.dir, { LANEWISE_SECRET: 'a-different-secret-of-at-least-32-characters' });
    expect((await boardFetch(`${running.http}/api/boards/${other.boardId}/decisions/verify`)).status).toBe(401); // its links died with the secret
    const check = await running.server.storage.decisions.verify(other.boardId);
    expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/or the server's secret changed/) });
  });

  it('shows the anchor in the Markdown export, signed at export; the signature checks out with the server secret', async () => {
    const { boardId } = await boardWithHistory();
    const markdown = await (await boardFetch(`${running.http}/api/boards/${boardId}/decisions/export.md`)).text();
    const head = (await entries(boardId)).at(-1) as DecisionEntry;
    expect(markdown).toContain('Integrity check: intact.');
    expect(markdown).toMatch(new RegExp(`Signed anchor: entry 7, signed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(export\\)\\.`));
    expect(markdown).toContain(`Hash of entry 7: \`${head.hash}\``);
    const mac = /Server signature \(HMAC-SHA256\): `([0-9a-f]{64})`/.exec(markdown)?.[1] as string;
    const anchor = (await verify(boardId)).anchor;
    if (!anchor) throw new Error('no anchor after an export');
    expect(anchor).toMatchObject({ seq: 7, hash: head.hash, reason: 'export', mac });
    expect(new AnchorSigner(new TextEncoder().encode(SECRET)).holds({ ...anchor, boardId })).toBe(true);
    // Exporting again without new entries signs nothing new.
    await (await boardFetch(`${running.http}/api/boards/${boardId}/decisions/export.md`)).text();
    expect((await verify(boardId)).anchor).toEqual(anchor);
  });
});

describe('incremental verification', () => {
  it('re-hashes only entries appended since the last check, and goes back to a full walk when someone else wrote the database', async () => {
    const { boardId, dana, lane } = await boardWithHistory();
    expect(await verify(boardId)).toMatchObject({ ok: true, checked: 7, mode: 'full', rehashed: 7 });
    expect(await verify(boardId)).toMatchObject({ ok: true, checked: 7, mode: 'incremental', rehashed: 0 });
    for (const title of ['A', 'B', 'C']) addItem(dana.doc, { title, laneId: lane });
    await waitFor(async () => (await entries(boardId)).filter((entry) => entry.action === 'item.created').length === 8, 'three more items');
    const total = (await entries(boardId)).length; // creations, and any limit overrides they caused
    expect(await verify(boardId)).toMatchObject({ ok: true, checked: total, mode: 'incremental', rehashed: total - 7 });

    // An edit from outside the server that does not even recompute the hash.
    const db = new Database(`${data.dir}/lanewise.db`);
    db.exec('DROP TRIGGER board_decisions_no_update');
    db.prepare(`UPDATE board_decisions SET body = replace(body, '"Renewal"', '"Board asked"') WHERE board_id = ? AND seq = 4`).run(boardId);
    db.close();
    expect(await verify(boardId)).toMatchObject({ ok: false, brokenAt: 4, checked: 3, mode: 'full', problem: 'content does not match its hash' });
  });

  it('lets owners ask for a full re-check; other roles get the regular one', async () => {
    const { boardId } = await boardWithHistory();
    await verify(boardId);
    expect(await verify(boardId, '?full=1')).toMatchObject({ ok: true, mode: 'full', rehashed: 7 });
    const viewer = await boardFetch(`${running.http}/api/boards/${boardId}/decisions/verify?full=1`, {}, 'viewer');
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: { code: string } }).error.code).toBe('role_insufficient');
    expect(await verify(boardId, '', 'viewer')).toMatchObject({ ok: true, mode: 'incremental' });
  });
});
