import { useSessionState } from '../board/sessionContext.tsx';
import type { SignedAnchor } from './historyApi.ts';
import { useChainCheck } from './useDecisionLog.ts';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function anchorSentence(anchor: SignedAnchor | null | undefined): string {
  if (!anchor) return 'The server has not signed this log yet (it does at every snapshot and export).';
  return `The server signed the log at entry #${anchor.seq} on ${when(anchor.signedAt)} (${anchor.reason}): even someone who can edit the database cannot rewrite the entries up to there unnoticed.`;
}

/** The hash chain of the log, checked by the server: intact, or where it breaks. */
export function IntegrityBadge() {
  const { check, error, checking, head, checkNow } = useChainCheck();
  const owner = useSessionState((state) => state.role === 'owner');
  const recheck = owner ? (
    <button type="button" className="link-button integrity-recheck" disabled={checking} onClick={() => checkNow(true)} title="Re-hash every entry of the log on the server, not only the new ones">
      {checking ? 'Checking…' : 'Re-check every entry'}
    </button>
  ) : null;
  if (!check) {
    return (
      <span className="integrity pending" data-testid="log-integrity" role="status">
        {error ?? 'Checking the log…'}
      </span>
    );
  }
  if (check.ok) {
    const newer = head - check.checked;
    return (
      <div className="integrity-row">
        <span
          className="integrity ok"
          data-testid="log-integrity"
          data-ok="true"
          data-checked={check.checked}
          data-signed-at-seq={check.anchor?.seq ?? ''}
          role="status"
          title={`Every entry's hash matches its content and the entry before it. ${anchorSentence(check.anchor)}`}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="m3.5 8.5 3 3 6-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Log intact · {check.checked} {check.checked === 1 ? 'entry' : 'entries'}
          {check.anchor ? ` · signed at #${check.anchor.seq}` : ''}
        </span>
        {newer > 0 || recheck ? (
          <span className="integrity-note">
            {newer > 0 ? `${newer} newer ${newer === 1 ? 'entry is' : 'entries are'} checked within 30 s. ` : null}
            {recheck}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <div className="integrity-row">
      <span className="integrity broken" data-testid="log-integrity" data-ok="false" role="status">
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M8 2.5 14 13H2L8 2.5Z M8 6.5v3 M8 11.2v.1" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Log altered at entry #{check.brokenAt}: {check.problem}. Entries from there on cannot be trusted.
      </span>
      {recheck ? <span className="integrity-note">{recheck}</span> : null}
    </div>
  );
}
