/**
 * Whether a storage failure means "the database did not answer" (connection refused, reset or
 * lost, PostgreSQL shutting down) rather than a fault in what was written. Such a write is refused
 * and can be sent again; anything else breaks the room (DECISIONS 61, 99).
 */
export function isStorageUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'DatabaseUnreachableError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || code === '57P01' || code === '57P03' || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code))) return true;
  return /Connection terminated|Connection ended|timeout exceeded when trying to connect|not queryable/i.test(error.message);
}
