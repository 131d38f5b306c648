import { formatRemaining, timerRemaining, type BoardMeta } from '@lanewise/shared';
import { useEffect, useRef, useState } from 'react';
import { serverNow, useFacilitation } from './facilitationApi.ts';

const MUTE_KEY = 'lanewise:timer-muted';

function loadMuted(): boolean {
  try {
    return window.localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

/** Three short beeps through WebAudio (no sound file to load). Returns false if the browser has no audio. */
function beep(): boolean {
  const AudioContextClass = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!AudioContextClass) return false;
  const context = new AudioContextClass();
  void context.resume().catch(() => {});
  for (let i = 0; i < 3; i++) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, context.currentTime + i * 0.3);
    gain.gain.exponentialRampToValueAtTime(0.3, context.currentTime + i * 0.3 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + i * 0.3 + 0.2);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(context.currentTime + i * 0.3);
    oscillator.stop(context.currentTime + i * 0.3 + 0.22);
  }
  window.setTimeout(() => void context.close().catch(() => {}), 1500);
  return true;
}

/**
 * The shared timer as everyone sees it: time left, read against the server's clock (so every
 * screen shows the same end, whatever its own clock says), "Time's up" when it ends and a beep
 * that each person can mute for themselves (kept in this browser).
 */
export function Timer({ timer }: { readonly timer: NonNullable<BoardMeta['timer']> }) {
  const offset = useFacilitation((state) => state.offset);
  const [now, setNow] = useState(serverNow);
  const [muted, setMuted] = useState(loadMuted);
  const [sounded, setSounded] = useState(false);
  const beepedFor = useRef<number | null>(null);
  const left = timerRemaining(timer, now);

  const mutedRef = useRef(muted);

  useEffect(() => {
    const tick = () => {
      const current = serverNow();
      setNow(current);
      // Beep once per end, and only if the end happened while this page watched it.
      if (current < timer.endsAt || beepedFor.current === timer.endsAt) return;
      beepedFor.current = timer.endsAt;
      if (!mutedRef.current && current - timer.endsAt < 5000) setSounded(beep());
    };
    const interval = window.setInterval(tick, 250);
    return () => window.clearInterval(interval);
  }, [timer.endsAt, offset]);

  const toggleMute = () => {
    const next = !muted;
    mutedRef.current = next;
    setMuted(next);
    try {
      window.localStorage.setItem(MUTE_KEY, next ? '1' : '0');
    } catch {
      // Not kept: muted for this page only.
    }
  };

  const ended = left === 0;
  return (
    <div className={`facilitation-timer${ended ? ' ended' : ''}`} data-testid="timer" data-ends-at={timer.endsAt} data-sounded={sounded ? 'true' : 'false'}>
      <span className="facilitation-timer-label">{timer.label ?? 'Timer'}</span>
      {ended ? (
        <strong role="alert" data-testid="timer-ended">
          Time&apos;s up
        </strong>
      ) : (
        <strong data-testid="timer-left" aria-label={`Time left: ${formatRemaining(left)}`}>
          {formatRemaining(left)}
        </strong>
      )}
      <progress max={timer.durationMs} value={Math.max(0, timer.durationMs - left)} aria-hidden="true" />
      <button type="button" className="button small" aria-pressed={muted} onClick={toggleMute}>
        {muted ? 'Sound off' : 'Sound on'}
      </button>
    </div>
  );
}
