import type { DecisionAction, DecisionEntry } from '@lanewise/shared';

/** Builds decision entries for the history unit tests. */
export function entry(seq: number, action: DecisionAction, fields: Partial<Omit<DecisionEntry, 'seq' | 'action'>> & { by?: string } = {}): DecisionEntry {
  const { by = 'Dana', ...rest } = fields;
  return {
    boardId: 'board1',
    seq,
    at: 1_700_000_000_000 + seq * 1000,
    actor: { name: by, verified: false },
    action,
    prevHash: '',
    hash: `h${seq}`,
    ...rest,
  };
}

export const place = (laneName: string, position: number) => ({ laneId: `lane-${laneName}`, laneName, position });
