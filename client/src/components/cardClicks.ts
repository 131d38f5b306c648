/** A drag that ends over a card can fire a click on it; swallow clicks right after a drag. */
let suppressUntil = 0;

export function suppressCardClicks(ms = 150): void {
  suppressUntil = performance.now() + ms;
}

export function cardClicksSuppressed(): boolean {
  return performance.now() < suppressUntil;
}
