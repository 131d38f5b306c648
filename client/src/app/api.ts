import type { BoardView, TemplateId } from '@lanewise/shared';

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
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the Lanewise server. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : `The server answered ${response.status}.`;
    throw new ApiError(response.status, typeof error?.code === 'string' ? error.code : 'http_error', message);
  }
  return body as T;
}

export function createBoardOnServer(input: { title: string; template: TemplateId }): Promise<{ id: string; url: string }> {
  return request('/api/boards', { method: 'POST', body: JSON.stringify(input) });
}

export async function listBoards(): Promise<BoardSummary[]> {
  const body = await request<{ boards?: BoardSummary[] }>('/api/boards');
  return Array.isArray(body.boards) ? body.boards : [];
}

export function fetchBoard(id: string): Promise<{ id: string; board: BoardView }> {
  return request(`/api/boards/${encodeURIComponent(id)}`);
}
