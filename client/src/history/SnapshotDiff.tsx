import type { BoardDiff } from '@lanewise/shared';
import { diffSections, diffSummary } from './diffPresentation.ts';

interface SnapshotDiffProps {
  readonly diff: BoardDiff;
  readonly fromLabel: string;
  readonly toLabel: string;
  readonly onClose?: () => void;
}

/** A BoardDiff as a readable list: added, removed, moved between lanes, re-ranked, edited, lanes. */
export function SnapshotDiff({ diff, fromLabel, toLabel, onClose }: SnapshotDiffProps) {
  const sections = diffSections(diff);
  return (
    <section className="snapshot-diff" aria-labelledby="snapshot-diff-title" data-testid="snapshot-diff">
      <div className="snapshot-diff-header">
        <h3 id="snapshot-diff-title">
          {fromLabel} <span aria-hidden="true">→</span>
          <span className="visually-hidden"> compared with </span> {toLabel}
        </h3>
        {onClose && (
          <button type="button" className="icon-button small" aria-label="Close comparison" onClick={onClose}>
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        )}
      </div>
      <p className="diff-summary">{diffSummary(diff)}</p>
      {sections.map((section) => (
        <div key={section.key} className={`diff-section diff-${section.key}`}>
          <h4>
            {section.heading} <span className="diff-count">{section.lines.length}</span>
          </h4>
          <ul>
            {section.lines.map((line) => (
              <li key={line.id}>
                <span className="diff-title">{line.title}</span> <span className="diff-text">{line.text}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
