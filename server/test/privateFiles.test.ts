/**
 * Files at rest: the data directory is 0700 and the database (with its -wal and -shm) and the
 * signing secret are 0600 — for a fresh data directory, and for one left looser by older versions
 * (tightened at start, and logged).
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLanewiseServer, type LanewiseServer } from '../src/server.ts';
import { SqliteStorage } from '../src/storage/SqliteStorage.ts';
import { UpdateJournal } from '../src/storage/UpdateJournal.ts';
import { createBoardOverHttp, tempDataDir } from './harness.ts';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const OWN_FILES = ['lanewise.db', 'lanewise.db-wal', 'lanewise.db-shm', 'secret.key'];

let data: ReturnType<typeof tempDataDir> | undefined;
let server: LanewiseServer | undefined;
afterEach(async () => {
  await server?.stop();
  data?.remove();
  server = undefined;
  data = undefined;
});

/** The real server with its log lines collected. */
async function start(dataDir: string): Promise<{ http: string; logs: Array<Record<string, unknown>> }> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIST: join(dataDir, 'no-client') });
  server = createLanewiseServer(config, pino({ level: 'warn' }, sink));
  const port = await server.listen();
  return { http: `http://127.0.0.1:${port}`, logs };
}

describe('files at rest', () => {
  it('a new data directory is 0700 and the database, its -wal and -shm, and the secret are 0600', async () => {
    data = tempDataDir();
    const dataDir = join(data.dir, 'nested', 'data');
    const { http } = await start(dataDir);
    await createBoardOverHttp(http); // the database has written through its WAL
    expect(mode(dataDir)).toBe('700');
    for (const file of OWN_FILES) expect(mode(join(dataDir, file)), file).toBe('600');
    expect(mode(join(dataDir, 'journal'))).toBe('700');
    // A board's update journal (DECISIONS 156), as its writer creates it.
    const journal = new UpdateJournal(dataDir);
    journal.append([{ boardId: 'b', seq: 1, data: new Uint8Array([0, 0]) }]);
    journal.close();
    const [file] = readdirSync(join(dataDir, 'journal'));
    expect(mode(join(dataDir, 'journal', file as string))).toBe('600');
  });

  it('an existing data directory with world-readable files is tightened at start, and each fix is logged', async () => {
    data = tempDataDir();
    const dataDir = join(data.dir, 'data');
    mkdirSync(dataDir);
    // A database as an older version left it: 0644, with its -wal and -shm (as after a killed process).
    const old = new SqliteStorage(dataDir);
    old.createBoard({ id: 'kept', title: 'Kept', template: 'planning', createdAt: 1, updatedAt: 1 }, new Uint8Array([0, 0]));
    writeFileSync(join(dataDir, 'secret.key'), 'an-old-secret-of-at-least-thirty-two-characters\n');
    writeFileSync(join(dataDir, 'notes.txt'), 'not ours');
    for (const file of OWN_FILES) chmodSync(join(dataDir, file), 0o644);
    chmodSync(join(dataDir, 'lanewise.db-shm'), 0o666);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'notes.txt'), 0o644);
    // An update journal left by a killed process, copied with loose modes.
    writeFileSync(join(dataDir, 'journal', 'a2VwdA.1-0.log'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'journal'), 0o755);

    const { logs } = await start(dataDir);
    old.close();
    expect(mode(dataDir)).toBe('700');
    for (const file of OWN_FILES) expect(mode(join(dataDir, file)), file).toBe('600');
    expect(mode(join(dataDir, 'notes.txt'))).toBe('644'); // not Lanewise's: left alone
    const fixes = logs.filter((line) => line.msg === 'file permissions were looser than owner-only; tightened');
    expect(fixes.map((line) => [line.path, line.from, line.to])).toEqual(
      expect.arrayContaining([
        [dataDir, '755', '700'],
        [join(dataDir, 'lanewise.db'), '644', '600'],
        [join(dataDir, 'lanewise.db-shm'), '666', '600'],
        [join(dataDir, 'secret.key'), '644', '600'],
        [join(dataDir, 'journal'), '755', '700'],
        [join(dataDir, 'journal', 'a2VwdA.1-0.log'), '644', '600'],
      ]),
    );
    expect((await server?.storage.loadBoardSummary('kept'))?.title).toBe('Kept'); // nothing lost
  });

  it('does not lock down a shared directory such as /tmp, but says so, and still keeps its own files private', async () => {
    data = tempDataDir();
    const shared = join(data.dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const { logs } = await start(shared);
    expect((statSync(shared).mode & 0o7777).toString(8)).toBe('1777');
    expect(logs.some((line) => line.msg === 'DATA_DIR is a shared directory (sticky bit); use a directory of its own so it can be made private (0700)')).toBe(true);
    for (const file of OWN_FILES.filter((name) => name !== 'lanewise.db-wal')) expect(mode(join(shared, file)), file).toBe('600');
  });
});
