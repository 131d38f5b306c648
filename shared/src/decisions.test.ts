import { describe, expect, it } from 'vitest';
import { describeDecision } from './decisions.ts';

describe('describeDecision', () => {
  it('says what an import brought in, from which file and export', () => {
    const actor = { name: 'Dana', verified: false };
    expect(describeDecision({ at: 0, actor, action: 'board.imported', details: { fileName: 'PLAT.csv', formatLabel: 'Jira (team-managed)', created: 11, updated: 2, skipped: 1 } })).toBe(
      'imported “PLAT.csv” (Jira, team-managed): 11 created, 2 updated, 1 row skipped',
    );
    expect(describeDecision({ at: 0, actor, action: 'board.imported', details: { fileName: 'q3.lanewise.json', formatLabel: 'Lanewise board export', created: 22, updated: 0, skipped: 0 } })).toBe(
      'imported “q3.lanewise.json” (Lanewise board export): 22 created, 0 updated',
    );
  });
});
