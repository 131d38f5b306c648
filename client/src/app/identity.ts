/** The user's display name and colour, remembered in this browser. */
const NAME_KEY = 'lanewise:name';
const COLOR_KEY = 'lanewise:color';

/** Colours with at least 4.5:1 contrast against white initials. */
export const PRESENCE_COLORS = ['#1f5fbf', '#b4232c', '#1d7a46', '#8a3ab9', '#a14c00', '#0b6e79', '#b3267a', '#4c5a6b'] as const;

export interface UserIdentity {
  readonly name: string;
  readonly color: string;
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the name lasts for this page only.
  }
}

export function loadDisplayName(): string | null {
  const name = read(NAME_KEY)?.trim();
  return name ? name : null;
}

export function saveDisplayName(name: string): void {
  write(NAME_KEY, name.trim());
}

export function loadColor(): string {
  const stored = read(COLOR_KEY);
  if (stored && (PRESENCE_COLORS as readonly string[]).includes(stored)) return stored;
  const color = PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)] ?? PRESENCE_COLORS[0];
  write(COLOR_KEY, color);
  return color;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0]];
  return letters
    .map((part) => (part ? Array.from(part)[0] ?? '' : ''))
    .join('')
    .toUpperCase() || '?';
}

export const MAX_NAME_LENGTH = 80;
