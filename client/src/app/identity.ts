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

/**
 * Up to two initials, from letters only: "Dana Lee" → "DL", "Priya (PM)" → "P" (a bracketed
 * note such as a role is not part of the name), "jean-luc picard" → "JP". No letters → "?".
 */
export function initials(name: string): string {
  const withoutNotes = name.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  const words = (text: string) => text.split(/\s+/).map((word) => word.match(/\p{L}/u)?.[0] ?? '').filter(Boolean);
  const letters = words(withoutNotes).length > 0 ? words(withoutNotes) : words(name);
  const picked = letters.length > 1 ? [letters[0], letters[letters.length - 1]] : letters.slice(0, 1);
  return picked.join('').toUpperCase() || '?';
}

export const MAX_NAME_LENGTH = 80;
