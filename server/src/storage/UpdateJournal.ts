import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { JOURNAL_DIRECTORY, PRIVATE_DIRECTORY_MODE, PRIVATE_FILE_MODE } from './privateFiles.ts';

/** One update in a board's journal: its place in the board's log and its bytes. */
export interface JournalRecord {
  readonly boardId: string;
  readonly seq: number;
  readonly data: Uint8Array;
}

/** Record header: payload length (u32), CRC-32 of the payload (u32). Payload: format (u8), seq (f64), update. */
const HEADER_BYTES = 8;
const PAYLOAD_PREFIX_BYTES = 9;
const FORMAT = 1;
/**
 * A file is emptied after a move only once it is this long: records already in the database
 * are skipped by sequence number when a file is read, and a truncate per board per move cost as
 * much as the move's inserts (~11 µs each, DECISIONS 156).
 */
const EMPTY_PAST_BYTES = 64 * 1024;
/** A record longer than this is taken for a corrupt length (updates are bounded far below it). */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

interface OpenFile {
  readonly fd: number;
  /** Bytes in the file: where a failed write is cut back to. */
  size: number;
  /** The process's claim count when this file was last checked for a takeover, and when (`performance.now()`). */
  claimsSeen: number;
  checkedAt: number;
}

/**
 * Claims of boards made in this process, counted in memory every thread shares (a
 * `SharedArrayBuffer` handed to board threads as environment data when they start): a writer
 * checks that its file still has a link — a `fstat`, ~30 µs on a busy event loop here; per append
 * it was 5 % of the main thread's work in S3 — only when a claim happened since its last check,
 * and at least every `TAKEOVER_CHECK_MS` (a second server process on the same data directory,
 * which is not supported, is noticed within that time) (DECISIONS 157).
 */
const CLAIMS_KEY = 'lanewise:journal-claims';
const claims = ((): Int32Array => {
  let buffer = getEnvironmentData(CLAIMS_KEY);
  if (!(buffer instanceof SharedArrayBuffer)) {
    buffer = new SharedArrayBuffer(4);
    setEnvironmentData(CLAIMS_KEY, buffer);
  }
  return new Int32Array(buffer as SharedArrayBuffer);
})();
const TAKEOVER_CHECK_MS = 5000;

/** This writer's file of a board was removed by a new writer: the board is no longer written here. */
export class JournalTakenOverError extends Error {
  constructor(readonly boardId: string) {
    super(`Board "${boardId}" was taken over by another writer; this connection no longer writes it.`);
  }
}

/**
 * The point of durability of a board's plain updates in the embedded default (DECISIONS 156):
 * append-only files (`<dataDir>/journal/<board>.<writer>-<n>.log`), records framed with their length
 * and a CRC-32, each board's records of a commit group written with one `write` and no `fsync` —
 * in the page cache when it returns, so a killed process loses nothing, the guarantee of
 * SQLite's WAL with `synchronous=NORMAL`. SqliteStorage moves the records into the database off
 * the latency path and empties its file; a board's next writer moves whatever earlier writers
 * left (a killed process, a replaced thread) before writing, and removes their files.
 *
 * Every writer (one per storage connection) has files of its own, so a writer that was taken
 * over and still empties, cuts back or removes its files never touches its successor's. Reading
 * is safe from anywhere: a record being written is seen as torn and ends that file's read.
 */
export class UpdateJournal {
  readonly directory: string;
  /** Open files by board, least recently written first (a Map keeps insertion order). */
  private readonly open = new Map<string, OpenFile>();
  /** This writer's part of its file names: unique per connection. */
  private readonly writer = `${process.pid}-${randomBytes(6).toString('hex')}`;
  /** Per board, the file this writer appends to next (a new one after a write that could not be cut back). */
  private readonly generation = new Map<string, number>();

  constructor(
    dataDir: string,
    private readonly maxOpenFiles = 128,
  ) {
    this.directory = join(dataDir, JOURNAL_DIRECTORY);
    mkdirSync(this.directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  }

  /**
   * Appends the records, one `write` per board. All or nothing: if a write fails, the files
   * written by this call are cut back to where they were, and the error is thrown. Throws
   * `JournalTakenOverError` (writing nothing) if another writer took one of the boards over.
   */
  append(records: readonly JournalRecord[]): void {
    const byBoard = recordsByBoard(records);
    // A writer whose file a successor removed must not acknowledge anything more (DECISIONS 156).
    const files = [...byBoard.keys()].map((boardId) => this.fileOf(boardId));
    const written: Array<{ boardId: string; file: OpenFile; size: number }> = [];
    try {
      let at = 0;
      for (const [boardId, mine] of byBoard) {
        const file = files[at++] as OpenFile;
        written.push({ boardId, file, size: file.size });
        const bytes = encodeRecords(mine);
        writeFully(file.fd, bytes);
        file.size += bytes.length;
      }
    } catch (error) {
      for (const { boardId, file, size } of written) {
        try {
          ftruncateSync(file.fd, size);
          file.size = size;
        } catch {
          // The file keeps a partial record, where a read ends: this writer goes on in a new file.
          this.closeFile(boardId);
          this.generation.set(boardId, (this.generation.get(boardId) ?? 0) + 1);
        }
      }
      throw error;
    }
  }

  /**
   * The board's records in every writer's file, by sequence number, each file up to its first
   * torn or corrupt record (a write cut short by a killed process: it was never acknowledged).
   * Empty when the board has no journal.
   */
  read(boardId: string): JournalRecord[] {
    const records: JournalRecord[] = [];
    for (const name of this.filesOf(boardId)) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(this.directory, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed by its writer meanwhile: in the database
        throw error;
      }
      for (const record of decodeRecords(boardId, bytes)) records.push(record);
    }
    records.sort((a, b) => a.seq - b.seq);
    return records.filter((record, at) => at === 0 || (records[at - 1] as JournalRecord).seq !== record.seq);
  }

  /** The board's records are in the database: its file is emptied once it is long (kept open for the next ones). */
  moved(boardId: string): void {
    const file = this.open.get(boardId);
    if (!file || file.size < EMPTY_PAST_BYTES) return;
    ftruncateSync(file.fd, 0);
    file.size = 0;
  }

  /** Removes this writer's files of the board, whose records are all in the database (the board is let go). */
  remove(boardId: string): void {
    this.closeFile(boardId);
    const mine = `${boardPart(boardId)}.${this.writer}-`;
    for (const name of this.filesOf(boardId)) if (name.startsWith(mine)) unlinkIfThere(join(this.directory, name));
  }

  /**
   * Removes every writer's files of the board, whose records are all in the database: this
   * writer takes the board over. A writer that still held one open writes into a file nobody
   * reads, never into this writer's.
   */
  removeAll(boardId: string): void {
    this.closeFile(boardId);
    for (const name of this.filesOf(boardId)) unlinkIfThere(join(this.directory, name));
    // After the files are gone: a writer that sees the new count finds its file unlinked.
    Atomics.add(claims, 0, 1);
  }

  close(): void {
    for (const boardId of [...this.open.keys()]) this.closeFile(boardId);
  }

  private fileOf(boardId: string): OpenFile {
    const file = this.open.get(boardId);
    if (file) {
      const seen = Atomics.load(claims, 0);
      const now = performance.now();
      if (seen !== file.claimsSeen || now - file.checkedAt >= TAKEOVER_CHECK_MS) {
        if (fstatSync(file.fd).nlink === 0) {
          // Removed by a new writer of the board, which moved what it held: nothing more goes here.
          this.closeFile(boardId);
          throw new JournalTakenOverError(boardId);
        }
        file.claimsSeen = seen;
        file.checkedAt = now;
      }
      // Most recently written last.
      this.open.delete(boardId);
      this.open.set(boardId, file);
      return file;
    }
    if (this.open.size >= this.maxOpenFiles) {
      const oldest = this.open.keys().next().value as string;
      this.closeFile(oldest);
    }
    const seen = Atomics.load(claims, 0);
    const fd = openSync(join(this.directory, this.nameOf(boardId)), 'a', PRIVATE_FILE_MODE);
    const opened = { fd, size: fstatSync(fd).size, claimsSeen: seen, checkedAt: performance.now() };
    this.open.set(boardId, opened);
    return opened;
  }

  private closeFile(boardId: string): void {
    const file = this.open.get(boardId);
    if (!file) return;
    this.open.delete(boardId);
    closeSync(file.fd);
  }

  private nameOf(boardId: string): string {
    return `${boardPart(boardId)}.${this.writer}-${this.generation.get(boardId) ?? 0}.log`;
  }

  private filesOf(boardId: string): string[] {
    const prefix = `${boardPart(boardId)}.`;
    return readdirSync(this.directory).filter((name) => name.startsWith(prefix) && name.endsWith('.log'));
  }
}

/** base64url (no "."): any board id becomes a plain file-name part ("..", "/" and all). */
const boardPart = (boardId: string): string => Buffer.from(boardId, 'utf8').toString('base64url');

function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The records grouped by board, each board's in their order. */
export function recordsByBoard(records: readonly JournalRecord[]): Map<string, JournalRecord[]> {
  const byBoard = new Map<string, JournalRecord[]>();
  for (const record of records) {
    const mine = byBoard.get(record.boardId);
    if (mine) mine.push(record);
    else byBoard.set(record.boardId, [record]);
  }
  return byBoard;
}

function writeFully(fd: number, bytes: Buffer): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

function encodeRecords(records: readonly JournalRecord[]): Buffer {
  let total = 0;
  for (const record of records) total += HEADER_BYTES + PAYLOAD_PREFIX_BYTES + record.data.length;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const record of records) {
    const payloadLength = PAYLOAD_PREFIX_BYTES + record.data.length;
    const payloadAt = at + HEADER_BYTES;
    out.writeUInt8(FORMAT, payloadAt);
    out.writeDoubleLE(record.seq, payloadAt + 1);
    out.set(record.data, payloadAt + PAYLOAD_PREFIX_BYTES);
    out.writeUInt32LE(payloadLength, at);
    out.writeUInt32LE(crc32(out.subarray(payloadAt, payloadAt + payloadLength)), at + 4);
    at = payloadAt + payloadLength;
  }
  return out;
}

function decodeRecords(boardId: string, bytes: Buffer): JournalRecord[] {
  const records: JournalRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= bytes.length) {
    const payloadLength = bytes.readUInt32LE(at);
    const payloadAt = at + HEADER_BYTES;
    if (payloadLength < PAYLOAD_PREFIX_BYTES || payloadLength > MAX_RECORD_BYTES || payloadAt + payloadLength > bytes.length) break;
    const payload = bytes.subarray(payloadAt, payloadAt + payloadLength);
    if (crc32(payload) !== bytes.readUInt32LE(at + 4) || payload.readUInt8(0) !== FORMAT) break;
    // Copied: the records outlive the file's buffer only as small, independent updates.
    records.push({ boardId, seq: payload.readDoubleLE(1), data: new Uint8Array(payload.subarray(PAYLOAD_PREFIX_BYTES)) });
    at = payloadAt + payloadLength;
  }
  return records;
}
