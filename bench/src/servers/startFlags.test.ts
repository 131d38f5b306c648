import { describe, expect, it } from 'vitest';
import { startFlags } from '../../../scripts/startFlags.mjs';

describe('startFlags', () => {
  // The benchmark and the e2e harness's compiled mode run the server with these; a server start
  // script that drifted from the root one would make them measure something users do not run.
  it('reads the node flags of the root start script, which the server package starts with too', () => {
    const flags = startFlags();
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) expect(flag).toMatch(/^--[a-z-]+(=\S+)?$/);
  });
});
