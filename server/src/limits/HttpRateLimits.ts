import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Which budget a request is charged to. Every counted request spends from `request`. */
export type RateLimitKind = 'request' | 'board-creation';

export interface RateLimitSettings {
  /** Any HTTP request to the API, `/healthz` or the websocket per address and minute; 0: no limit. */
  readonly requestsPerMinute: number;
  /** `POST /api/boards` per address and hour, on top of the above; 0: no limit. */
  readonly boardCreationsPerHour: number;
}

export type RateLimitVerdict =
  | { readonly allowed: true; readonly limit: number; readonly remaining: number; readonly resetSeconds: number }
  | { readonly allowed: false; readonly kind: RateLimitKind; readonly limit: number; readonly retryAfterSeconds: number };

interface Budget {
  readonly limiter: RateLimiterMemory;
  readonly points: number;
}

function budget(points: number, durationSeconds: number, keyPrefix: string): Budget | null {
  return points > 0 ? { limiter: new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix }), points } : null;
}

/**
 * Per-address request budgets (rate-limiter-flexible, fixed windows). Kept in this process; several
 * server instances would share them through one of the library's stores (RateLimiterRedis,
 * RateLimiterPostgres) with the same points and durations.
 */
export class HttpRateLimits {
  private readonly requests: Budget | null;
  private readonly boardCreations: Budget | null;

  constructor(settings: RateLimitSettings) {
    this.requests = budget(settings.requestsPerMinute, 60, 'http');
    this.boardCreations = budget(settings.boardCreationsPerHour, 3600, 'create-board');
  }

  /** Spends one request of `addressKey`'s budget, and one board creation when `kind` says so. */
  async charge(addressKey: string, kind: RateLimitKind = 'request'): Promise<RateLimitVerdict> {
    let verdict: RateLimitVerdict = { allowed: true, limit: 0, remaining: 0, resetSeconds: 0 };
    for (const [budgetKind, current] of [['request', this.requests], ['board-creation', kind === 'board-creation' ? this.boardCreations : null]] as const) {
      if (!current) continue;
      try {
        const spent = await current.limiter.consume(addressKey);
        // Report the tighter of the budgets this request drew on.
        if (verdict.limit === 0 || spent.remainingPoints < verdict.remaining) {
          verdict = { allowed: true, limit: current.points, remaining: spent.remainingPoints, resetSeconds: Math.ceil(spent.msBeforeNext / 1000) };
        }
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return { allowed: false, kind: budgetKind, limit: current.points, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
      }
    }
    return verdict;
  }
}

/** The 429 error body: a stable code and a sentence saying when to come back. */
export function rateLimitError(verdict: Extract<RateLimitVerdict, { allowed: false }>): { code: string; message: string } {
  const seconds = verdict.retryAfterSeconds;
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minutes`;
  return verdict.kind === 'board-creation'
    ? { code: 'board_creation_rate_limited', message: `Too many boards created from your address (at most ${verdict.limit} an hour); try again in ${wait}.` }
    : { code: 'rate_limited', message: `Too many requests from your address (at most ${verdict.limit} a minute); try again in ${wait}.` };
}
