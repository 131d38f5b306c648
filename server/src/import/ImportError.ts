/** Why an import or export request was refused; `line` is the 1-based line of the file, when known. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }

  toJSON(): { code: string; message: string; line?: number } {
    return { code: this.code, message: this.message, ...(this.line === undefined ? {} : { line: this.line }) };
  }
}
