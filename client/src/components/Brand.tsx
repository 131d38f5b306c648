import { followLink } from '../app/router.ts';

export function Brand() {
  return (
    <a className="brand" href="/" onClick={followLink} aria-label="Lanewise home">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" fill="currentColor" />
        <rect x="7" y="8" width="5" height="16" rx="2" fill="#fff" />
        <rect x="14" y="8" width="5" height="11" rx="2" fill="#fff" />
        <rect x="21" y="8" width="5" height="7" rx="2" fill="#fff" />
      </svg>
      <span className="brand-name">Lanewise</span>
    </a>
  );
}
