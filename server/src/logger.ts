import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  // Link tokens must never reach a log, even if a request or its headers are logged one day.
  const redact = ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'url', '*.url'];
  return pino({ level, base: { service: 'lanewise' }, redact: { paths: redact, censor: '[redacted]' } });
}
