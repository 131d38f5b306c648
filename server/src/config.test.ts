import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has safe defaults: port 8787, ./data, 1 MiB frames', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.dataDir).toBe(`${process.cwd()}/data`);
    expect(config.maxMessageBytes).toBe(1024 * 1024);
    expect(config.boardThreads).toBeGreaterThanOrEqual(1);
  });

  it('reads the environment and refuses nonsense with a message naming the variable', () => {
    expect(loadConfig({ PORT: '9000', DATA_DIR: '/tmp/x' })).toMatchObject({ port: 9000, dataDir: '/tmp/x' });
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ MAX_MESSAGE_BYTES: '10' })).toThrow(/MAX_MESSAGE_BYTES/);
    expect(loadConfig({ BOARD_THREADS: '3' }).boardThreads).toBe(3);
    expect(() => loadConfig({ BOARD_THREADS: '0' })).toThrow(/BOARD_THREADS/);
  });

  it('journals plain edits for 4 s by default; SQLITE_JOURNAL_MS=0 turns the journal off', () => {
    expect(loadConfig({})).toMatchObject({ sqliteSynchronous: 'NORMAL', sqliteJournalMs: 4000 });
    expect(loadConfig({ SQLITE_JOURNAL_MS: '0' }).sqliteJournalMs).toBe(0);
    expect(() => loadConfig({ SQLITE_JOURNAL_MS: '-5' })).toThrow(/SQLITE_JOURNAL_MS/);
  });

  it('lets the main thread own boards by default, with a message bound; MAIN_THREAD_BOARDS=false turns it off', () => {
    expect(loadConfig({}).mainThreadBoards).toEqual({ maxMessageBytes: 16 * 1024 });
    expect(loadConfig({ MAIN_THREAD_MAX_MESSAGE_BYTES: '200' }).mainThreadBoards).toEqual({ maxMessageBytes: 200 });
    expect(loadConfig({ MAIN_THREAD_BOARDS: 'false' }).mainThreadBoards).toBeNull();
    expect(() => loadConfig({ MAIN_THREAD_BOARDS: 'maybe' })).toThrow(/MAIN_THREAD_BOARDS/);
  });

  it('limits HTTP by default, trusts no proxy unless told how many, and keeps tickets short-lived', () => {
    expect(loadConfig({})).toMatchObject({ trustedProxies: 0, httpRequestsPerMinute: 1200, boardCreationsPerHour: 20, maxRequestBodyBytes: 16 * 1024, syncTicketTtlMs: 30_000 });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustedProxies).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustedProxies).toBe(0);
    for (const value of ['true', '-1', '11', '10.0.0.0/8']) expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY: give the number of reverse proxies/);
    expect(loadConfig({ HTTP_REQUESTS_PER_MINUTE: '0', BOARD_CREATIONS_PER_HOUR: '0' })).toMatchObject({ httpRequestsPerMinute: 0, boardCreationsPerHour: 0 });
    expect(() => loadConfig({ SYNC_TICKET_TTL_SECONDS: '3600' })).toThrow(/SYNC_TICKET_TTL_SECONDS: must be at most 60/);
    expect(() => loadConfig({ MAX_REQUEST_BODY_BYTES: '10' })).toThrow(/MAX_REQUEST_BODY_BYTES/);
  });

  it('keeps 50 automatic snapshots per board for at most 30 days by default; 0 days means no age limit', () => {
    expect(loadConfig({})).toMatchObject({ autoSnapshotsKeep: 50, autoSnapshotsMaxAgeMs: 30 * 86_400_000 });
    expect(loadConfig({ AUTO_SNAPSHOTS_MAX_AGE_DAYS: '0' }).autoSnapshotsMaxAgeMs).toBeNull();
    expect(() => loadConfig({ AUTO_SNAPSHOTS_KEEP: '0' })).toThrow(/AUTO_SNAPSHOTS_KEEP/);
  });
});
