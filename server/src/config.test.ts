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
});
