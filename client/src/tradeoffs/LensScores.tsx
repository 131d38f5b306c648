import { SCORE_FORMULAS } from '@lanewise/shared';
import { patchFromDraft, type ItemDraft } from '../components/itemForm.ts';
import { formatNumber, lensSummary } from './format.ts';

/** The scores the lens inputs give, live while typing, with the formula and the inputs used. */
export function LensScores({ draft }: { readonly draft: ItemDraft }) {
  const { patch } = patchFromDraft(draft);
  const lens = lensSummary(patch);
  const inputs = (text: string) => text.split('\n')[1] ?? '';
  return (
    <div className="lens-scores" aria-live="polite" data-testid="lens-scores">
      <div className="lens-score value">
        <span className="lens-score-label">Value</span>
        <span className="lens-score-number" data-testid="panel-value-score">
          {lens.value === null ? '—' : formatNumber(lens.value)}
        </span>
        <span className="lens-formula">{SCORE_FORMULAS.value}</span>
        <span className="lens-inputs">{inputs(lens.valueExplained)}</span>
      </div>
      <div className="lens-score health">
        <span className="lens-score-label">Health</span>
        <span className="lens-score-number" data-testid="panel-health-score">
          {lens.health === null ? '—' : formatNumber(lens.health)}
        </span>
        <span className="lens-formula">{SCORE_FORMULAS.health}</span>
        <span className="lens-inputs">{inputs(lens.healthExplained)}</span>
      </div>
    </div>
  );
}
