import type { CursorStore, RemoteCursor } from './presence.ts';

/** How quickly a drawn cursor catches up with the last reported position (time constant, ms). */
const FOLLOW_MS = 45;
const SVG_NS = 'http://www.w3.org/2000/svg';

interface DrawnCursor {
  readonly root: HTMLDivElement;
  readonly label: HTMLSpanElement;
  x: number;
  y: number;
  targetX: number;
  targetY: number;
  name: string;
  color: string;
}

function createCursorElement(layer: HTMLElement, cursor: RemoteCursor): DrawnCursor {
  const root = document.createElement('div');
  root.className = 'remote-cursor';
  root.dataset['testid'] = 'remote-cursor';
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('viewBox', '0 0 18 18');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', 'M2 1.5 15.5 8l-6 1.6L6.8 16 2 1.5Z');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('stroke', '#fff');
  path.setAttribute('stroke-width', '1.4');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  const label = document.createElement('span');
  label.className = 'remote-cursor-label';
  root.append(svg, label);
  layer.append(root);
  const drawn: DrawnCursor = { root, label, x: cursor.x, y: cursor.y, targetX: cursor.x, targetY: cursor.y, name: '', color: '' };
  place(drawn);
  return drawn;
}

function place(drawn: DrawnCursor): void {
  drawn.root.style.transform = `translate(${drawn.x.toFixed(1)}px, ${drawn.y.toFixed(1)}px)`;
}

/**
 * Draws other people's cursors into `layer` outside React: store changes only set targets, and
 * one animation-frame loop moves each cursor towards its target (interpolated, so cursors sent
 * ~20 times a second still glide), writing nothing but a transform. Returns a function that stops.
 */
export function mountCursorLayer(layer: HTMLElement, store: CursorStore): () => void {
  const drawn = new Map<number, DrawnCursor>();
  let frame = 0;
  let last = 0;

  const tick = (now: number) => {
    const dt = last === 0 ? 16 : Math.min(100, now - last);
    last = now;
    const k = 1 - Math.exp(-dt / FOLLOW_MS);
    let moving = false;
    for (const cursor of drawn.values()) {
      const dx = cursor.targetX - cursor.x;
      const dy = cursor.targetY - cursor.y;
      if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) {
        if (dx === 0 && dy === 0) continue;
        cursor.x = cursor.targetX;
        cursor.y = cursor.targetY;
      } else {
        cursor.x += dx * k;
        cursor.y += dy * k;
        moving = true;
      }
      place(cursor);
    }
    frame = moving ? requestAnimationFrame(tick) : 0;
    if (!moving) last = 0;
  };

  const sync = (cursors: readonly RemoteCursor[]) => {
    const seen = new Set<number>();
    for (const cursor of cursors) {
      seen.add(cursor.clientId);
      let entry = drawn.get(cursor.clientId);
      if (!entry) {
        entry = createCursorElement(layer, cursor);
        drawn.set(cursor.clientId, entry);
      }
      entry.targetX = cursor.x;
      entry.targetY = cursor.y;
      if (entry.name !== cursor.name) entry.label.textContent = entry.name = cursor.name;
      if (entry.color !== cursor.color) {
        entry.color = cursor.color;
        entry.root.style.color = cursor.color;
        entry.label.style.background = cursor.color;
      }
    }
    for (const [clientId, entry] of drawn) {
      if (seen.has(clientId)) continue;
      entry.root.remove();
      drawn.delete(clientId);
    }
    if (frame === 0) frame = requestAnimationFrame(tick);
  };

  sync(store.getState().cursors);
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.cursors !== prev.cursors) sync(state.cursors);
  });
  return () => {
    unsubscribe();
    if (frame !== 0) cancelAnimationFrame(frame);
    for (const entry of drawn.values()) entry.root.remove();
    drawn.clear();
  };
}
