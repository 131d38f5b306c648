import type * as Y from 'yjs';

/** A board on a server under test, ready for clients. */
export interface BenchBoard {
  readonly id: string;
  /** The websocket URL a client named `name` opens for this board. */
  url(name: string): string;
}

/**
 * One server the benchmark drives: Lanewise (compiled, durable) or the in-memory reference.
 * Each is a child process of its own, started fresh for each run.
 */
export interface ServerUnderTest {
  readonly name: 'Lanewise' | 'reference';
  readonly pid: number;
  /**
   * A new board holding the benchmark content (`fill` runs on an uploader's document when the
   * server has no way to create boards itself; Lanewise creates it over its API, then `extend`).
   */
  createBoard(extend: (doc: Y.Doc) => void): Promise<BenchBoard>;
  /** An existing board by id (after a restart). */
  board(id: string): BenchBoard;
  stop(): Promise<void>;
}
