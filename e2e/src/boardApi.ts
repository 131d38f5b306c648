/** The board id and link token inside a share link (`…/b/<id>#t=<token>`). */
export function linkParts(link: string): { boardId: string; token: string | null } {
  const url = new URL(link);
  return { boardId: decodeURIComponent(url.pathname.split('/').at(-1) as string), token: new URLSearchParams(url.hash.slice(1)).get('t') };
}

/** A request to one board's HTTP API with the token of `link`; `name` is the declared actor name. */
export async function boardApi<T>(serverUrl: string, link: string, path: string, init: RequestInit & { name?: string } = {}): Promise<T> {
  const { boardId, token } = linkParts(link);
  const { name, ...rest } = init;
  const response = await fetch(`${serverUrl}/api/boards/${encodeURIComponent(boardId)}${path}`, {
    ...rest,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(name ? { 'x-lanewise-name': name } : {}), ...rest.headers },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}
