import type { z } from 'zod';
import { BoardCommandError, BoardErrorCode } from './errors.ts';

/** Validates command input; the error names the field and says what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new BoardCommandError(BoardErrorCode.InvalidInput, `Invalid ${what}${field ? ` ${field}` : ''}: ${issue?.message ?? 'invalid value'}.`);
}
