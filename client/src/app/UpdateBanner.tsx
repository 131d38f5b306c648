import { useAppUpdate } from './appUpdates.ts';

/** Shown once a new version of Lanewise has taken over: the page still runs the old code. */
export function UpdateBanner() {
  const updated = useAppUpdate((state) => state.updated);
  if (!updated) return null;
  return (
    <div className="update-banner" role="status" data-testid="app-updated">
      <span>A new version of Lanewise is ready.</span>
      <button type="button" className="button small primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
