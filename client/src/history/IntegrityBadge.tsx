import { useChainCheck } from './useDecisionLog.ts';

/** The hash chain of the log, checked by the server: intact, or where it breaks. */
export function IntegrityBadge() {
  const { check, error } = useChainCheck();
  if (!check) {
    return (
      <span className="integrity pending" data-testid="log-integrity" role="status">
        {error ?? 'Checking the log…'}
      </span>
    );
  }
  if (check.ok) {
    return (
      <span className="integrity ok" data-testid="log-integrity" data-ok="true" role="status" title="Every entry's hash matches its content and the entry before it.">
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="m3.5 8.5 3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Log intact · {check.checked} {check.checked === 1 ? 'entry' : 'entries'}
      </span>
    );
  }
  return (
    <span className="integrity broken" data-testid="log-integrity" data-ok="false" role="status">
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M8 2.5 14 13H2L8 2.5Z M8 6.5v3 M8 11.2v.1" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      Log altered at entry #{check.brokenAt}: {check.problem}. Entries from there on cannot be trusted.
    </span>
  );
}
