import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../testHost.ts';
import type { BoardCommand } from './BoardCommand.ts';

let test: TestHost;
afterEach(async () => test?.close());

const actor = { name: 'Priya', verified: true };
let nextId = 1;
async function run<T>(boardId: string, command: BoardCommand): Promise<T> {
  const id = nextId++;
  await test.send([{ t: 'command', id, boardId, command }]);
  const result = test.ops.findLast((op) => op.t === 'result' && op.id === id);
  if (!result || result.t !== 'result' || !result.ok) throw new Error(`command ${command.type} failed: ${JSON.stringify(result)}`);
  return result.value as T;
}

describe('undoing a restore', () => {
  it('names the "Before restoring" snapshot without nesting, however often a restore is undone', async () => {
    test = await startTestHost();
    const { id: boardId } = await test.createBoard();
    await test.send([{ t: 'open', boardId, knownSeq: 0 }]);
    const planA = await run<{ id: string }>(boardId, { type: 'takeSnapshot', name: 'Plan A', kind: 'manual', actor });
    let restore = await run<{ undo: { id: string; name: string } }>(boardId, { type: 'restoreSnapshot', snapshotId: planA.id, actor });
    expect(restore.undo.name).toBe('Before restoring “Plan A”');
    const names: string[] = [];
    for (let undo = 0; undo < 3; undo++) {
      restore = await run(boardId, { type: 'restoreSnapshot', snapshotId: restore.undo.id, actor });
      names.push(restore.undo.name);
    }
    for (const name of names) expect(name).toMatch(/^Before restoring the board as it was at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  });
});
