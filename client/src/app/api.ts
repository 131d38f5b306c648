import type { BoardView, TemplateId } from '@lanewise/shared';
import { boardToken } from './boardTokens.ts';

export interface BoardSummary {
  readonly id: string;
  readonly title: string;
  readonly template: TemplateId;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** An API failure with the server's code and a sentence for the user. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** From `Retry-After` on a 429 or 503: when asking again can succeed. */
  readonly retryAfterSeconds: number | null;
  constructor(status: number, code: string, message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function retryAfter(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

async function request<T>(path: string, init?: RequestInit, boardId?: string): Promise<T> {
  let response: Response;
  const token = boardId ? boardToken(boardId) : null;
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  try {
    response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', accept: 'application/json', ...auth, ...init?.headers } });
  } catch (error) {
    if (init?.signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'Could not reach the Lanewise server. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : `The server answered ${response.status}.`;
    throw new ApiError(response.status, typeof error?.code === 'string' ? error.code : 'http_error', message, retryAfter(response));
  }
  return body as T;
}

export interface CreatedBoard {
  readonly id: string;
  readonly url: string;
  /** Share links per role (`/b/<id>#t=<token>`). */
  readonly links?: Readonly<Record<'owner' | 'editor' | 'viewer', string>>;
}

export function createBoardOnServer(input: { title: string; template: TemplateId; sample?: boolean; prompts?: string[] }): Promise<CreatedBoard> {
  return request('/api/boards', { method: 'POST', body: JSON.stringify(input) });
}

/** A request to one board's API, with this browser's link token for it. */
export function boardRequest<T>(boardId: string, path: string, init?: RequestInit): Promise<T> {
  return request(`/api/boards/${encodeURIComponent(boardId)}${path}`, init, boardId);
}

export function fetchBoard(id: string): Promise<{ id: string; board: BoardView }> {
  return boardRequest(id, '');
}
