import { lazy, Suspense, useMemo } from 'react';
import { useCollab } from '../board/collabContext.ts';

// Loaded when a round is open: most board loads show none.
const EstimationRound = lazy(() => import('./EstimationRound.tsx').then((module) => ({ default: module.EstimationRound })));

/** Every open estimation round, above the board, for everyone (late joiners too). */
export function EstimationBanner() {
  const rounds = useCollab((state) => state.rounds);
  const open = useMemo(() => Object.values(rounds).filter((round) => round.status !== 'closed').sort((a, b) => a.startedAt - b.startedAt), [rounds]);
  if (open.length === 0) return null;
  return (
    <div className="estimation-banner" role="region" aria-label="Live estimation">
      <Suspense fallback={null}>
        {open.map((round) => (
          <EstimationRound key={round.id} round={round} />
        ))}
      </Suspense>
    </div>
  );
}
