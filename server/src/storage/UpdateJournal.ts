import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { JOURNAL_DIRECTORY, PRIVATE_DIRECTORY_MODE, PRIVATE_FILE_MODE } from './privateFiles.ts';

/**
 * `@riaskov/mmap-io`'s compiled binding, loaded directly: the package's entry point finds it
 * through `@mapbox/node-pre-gyp`, whose modules cost the process ~12 MB of memory (only `map`
 * is used here, which the entry point passes through unchanged).
 */
interface MmapBinding {
  readonly PROT_READ: number;
  readonly PROT_WRITE: number;
  readonly MAP_SHARED: number;
  map(size: number, protection: number, flags: number, fd: number, offset: number): Buffer;
}
const mmap = ((): MmapBinding => {
  const require = createRequire(import.meta.url);
  return require(join(dirname(require.resolve('@riaskov/mmap-io/package.json')), 'build', 'Release', 'mmap_io.node')) as MmapBinding;
})();

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
 * A file is mapped into memory whole and written there (DECISIONS 159): it is made this long
 * when opened (zeros, written with `write`, so the disk space is taken then and a full disk is
 * an error of that call, never a fault of a later store into the mapping), and grows by doubling.
 */
const MIN_FILE_BYTES = 64 * 1024;
/** After a move, a file longer than this is cut back to `MIN_FILE_BYTES` (a burst is over). */
const SHRINK_PAST_BYTES = 1024 * 1024;
const ZEROS = Buffer.alloc(MIN_FILE_BYTES);
/** A record longer than this is taken for a corrupt length (updates are bounded far below it). */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

interface OpenFile {
  readonly fd: number;
  /** The whole file, mapped (shared): records are stored into it; past `size` it holds zeros. */
  map: Buffer;
  /** Bytes of records at the start of the file: where the next one goes. */
  size: number;
  /** The process's claim count when this file was last checked for a takeover, and when (`performance.now()`). */
  claimsSeen: number;
  checkedAt: number;
  /** When last appended to (the writer's append count): the least recently written is closed first. */
  used: number;
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
 * The point of durability of a board's plain updates in the embedded default (DECISIONS 156,
 * 159): append-only files (`<dataDir>/journal/<board>.<writer>.log`), records framed with
 * their length and a CRC-32, zeros after the last one. Each file is mapped into memory (shared
 * with the file) and a record is stored straight into the mapping: no system call per append,
 * and once the copy is done the bytes are the kernel's (the page cache), so a killed process
 * loses nothing — the guarantee of `write` without `fsync`, and of SQLite's WAL with
 * `synchronous=NORMAL`. SqliteStorage moves the records into the database off the latency path
 * and empties its file; a board's next writer moves whatever earlier writers left (a killed
 * process, a replaced thread) before writing, and removes their files.
 *
 * Every writer (one per storage connection) has files of its own, so a writer that was taken
 * over and still empties, cuts back or removes its files never touches its successor's. Reading
 * is safe from anywhere: a record being written is seen as torn and ends that file's read.
 */
export class UpdateJournal {
  readonly directory: string;
  /** Open files by board. */
  private readonly open = new Map<string, OpenFile>();
  private appends = 0;
  /** This writer's part of its file names: unique per connection. */
  private readonly writer = `${process.pid}-${randomBytes(6).toString('hex')}`;

  constructor(
    dataDir: string,
    private readonly maxOpenFiles = 128,
  ) {
    this.directory = join(dataDir, JOURNAL_DIRECTORY);
    mkdirSync(this.directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  }

  /**
   * Appends the records, stored into each board's mapped file. All or nothing: room for every
   * board's records is made first (growing a file is the only step that can fail: a full disk),
   * and if that fails nothing was stored and the error is thrown. Throws `JournalTakenOverError`
   * (storing nothing) if another writer took one of the boards over.
   */
  append(records: readonly JournalRecord[]): void {
    // A writer whose file a successor removed must not acknowledge anything more (DECISIONS 156).
    const first = records[0];
    if (first === undefined) return;
    if (records.every((record) => record.boardId === first.boardId)) {
      // One board (the common case: one update): no grouping.
      const file = this.fileOf(first.boardId);
      this.makeRoom(first.boardId, file, encodedLength(records));
      file.size = encodeRecordsInto(file.map, file.size, records);
      return;
    }
    const byBoard = recordsByBoard(records);
    const files = [...byBoard].map(([boardId, mine]) => ({ boardId, mine, file: this.fileOf(boardId), length: encodedLength(mine) }));
    for (const { boardId, file, length } of files) this.makeRoom(boardId, file, length);
    for (const { mine, file } of files) file.size = encodeRecordsInto(file.map, file.size, mine);
  }

  /**
   * The board's records in every writer's file, by sequence number, each file up to its first
   * torn or corrupt record (a write cut short by a killed process: it was never acknowledged).
   * Empty when the board has no journal.
   */
  read(boardId: string): JournalRecord[] {
    const records: JournalRecord[] = [];
    for (const name of this.filesOf(boardId)) {
      // Removed by its writer meanwhile (null): its records are in the database.
      const bytes = readIfThere(join(this.directory, name));
      if (bytes) for (const record of decodeRecords(boardId, bytes).records) records.push(record);
    }
    records.sort((a, b) => a.seq - b.seq);
    return records.filter((record, at) => at === 0 || (records[at - 1] as JournalRecord).seq !== record.seq);
  }

  /**
   * This writer's records of the board, to be moved into the database: read back from its mapped
   * file (written by this writer, in this process: no checksums to verify), or from the file if
   * it was closed as the least recently written one.
   */
  pending(boardId: string): JournalRecord[] {
    const file = this.open.get(boardId);
    if (file) return decodeRecords(boardId, file.map.subarray(0, file.size), false).records;
    const bytes = readIfThere(join(this.directory, this.nameOf(boardId)));
    return bytes ? decodeRecords(boardId, bytes).records : [];
  }

  /**
   * The board's records are in the database: its file is emptied (zeros stored over the records;
   * a file a burst made long is cut back) and kept open for the next ones; a closed file is removed.
   */
  moved(boardId: string): void {
    const file = this.open.get(boardId);
    if (!file) {
      unlinkIfThere(join(this.directory, this.nameOf(boardId)));
      return;
    }
    if (file.size === 0) return;
    if (file.map.length > SHRINK_PAST_BYTES) {
      try {
        ftruncateSync(file.fd, 0);
      } finally {
        this.closeFile(boardId); // the mapping is dropped with it; opened again, short, at the next append
      }
      return;
    }
    file.map.fill(0, 0, file.size);
    file.size = 0;
  }

  /** Removes this writer's files of the board, whose records are all in the database (the board is let go). */
  remove(boardId: string): void {
    this.closeFile(boardId);
    unlinkIfThere(join(this.directory, this.nameOf(boardId)));
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
      file.used = ++this.appends;
      return file;
    }
    if (this.open.size >= this.maxOpenFiles) {
      let oldest: [string, OpenFile] | null = null;
      for (const entry of this.open) if (oldest === null || entry[1].used < oldest[1].used) oldest = entry;
      if (oldest) this.closeFile(oldest[0]);
    }
    const seen = Atomics.load(claims, 0);
    // Read and written (the mapping needs both); appends of zeros go to the end.
    const fd = openSync(join(this.directory, this.nameOf(boardId)), 'a+', PRIVATE_FILE_MODE);
    try {
      // This writer's own file, opened again (it was closed as the least recently written one).
      const existing = readFileSync(fd);
      const length = existing.length;
      const size = decodeRecords('', existing).end;
      const capacity = Math.max(MIN_FILE_BYTES, length);
      appendZeros(fd, capacity - length);
      const opened: OpenFile = { fd, map: mapFile(fd, capacity), size, claimsSeen: seen, checkedAt: performance.now(), used: ++this.appends };
      // Whatever follows the last whole record (a record cut short) is cleared: a read would end there.
      opened.map.fill(0, size, length);
      this.open.set(boardId, opened);
      return opened;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Grows the board's file (doubling) until `length` more bytes fit after its records. */
  private makeRoom(boardId: string, file: OpenFile, length: number): void {
    const capacity = file.map.length;
    if (file.size + length <= capacity) return;
    let grown = capacity * 2;
    while (file.size + length > grown) grown *= 2;
    try {
      appendZeros(file.fd, grown - capacity);
      file.map = mapFile(file.fd, grown);
    } catch (error) {
      // Part of the zeros may be written: the file is longer than its mapping. Opened again next time.
      this.closeFile(boardId);
      throw error;
    }
  }

  private closeFile(boardId: string): void {
    const file = this.open.get(boardId);
    if (!file) return;
    this.open.delete(boardId);
    closeSync(file.fd);
  }

  private nameOf(boardId: string): string {
    return `${boardPart(boardId)}.${this.writer}.log`;
  }

  private filesOf(boardId: string): string[] {
    const prefix = `${boardPart(boardId)}.`;
    return readdirSync(this.directory).filter((name) => name.startsWith(prefix) && name.endsWith('.log'));
  }
}

/** base64url (no "."): any board id becomes a plain file-name part ("..", "/" and all). */
const boardPart = (boardId: string): string => Buffer.from(boardId, 'utf8').toString('base64url');

/** The file's bytes, or null if it does not exist. */
function readIfThere(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

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

/** Appends `count` zero bytes to the file (opened for appending): its disk space is taken now. */
function appendZeros(fd: number, count: number): void {
  while (count > 0) count -= writeSync(fd, ZEROS, 0, Math.min(count, ZEROS.length));
}

/** The first `length` bytes of the file, mapped read-write and shared with it (unmapped when collected). */
function mapFile(fd: number, length: number): Buffer {
  return mmap.map(length, mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_SHARED, fd, 0);
}

function encodedLength(records: readonly JournalRecord[]): number {
  let total = 0;
  for (const record of records) total += HEADER_BYTES + PAYLOAD_PREFIX_BYTES + record.data.length;
  return total;
}

/** Stores the records' frames into `out` from `at` (room checked by the caller); returns where they end. */
function encodeRecordsInto(out: Buffer, at: number, records: readonly JournalRecord[]): number {
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
  return at;
}

/**
 * The whole records at the start of a journal file, and where they end (zeros, or a record cut
 * short). `verify`: each record's checksum is checked (off only for this process's own mapping).
 */
export function decodeRecords(boardId: string, bytes: Buffer, verify = true): { records: JournalRecord[]; end: number } {
  const records: JournalRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= bytes.length) {
    const payloadLength = bytes.readUInt32LE(at);
    const payloadAt = at + HEADER_BYTES;
    if (payloadLength < PAYLOAD_PREFIX_BYTES || payloadLength > MAX_RECORD_BYTES || payloadAt + payloadLength > bytes.length) break;
    const payload = bytes.subarray(payloadAt, payloadAt + payloadLength);
    if ((verify && crc32(payload) !== bytes.readUInt32LE(at + 4)) || payload.readUInt8(0) !== FORMAT) break;
    // Copied: the records outlive the file's buffer only as small, independent updates.
    records.push({ boardId, seq: payload.readDoubleLE(1), data: new Uint8Array(payload.subarray(PAYLOAD_PREFIX_BYTES)) });
    at = payloadAt + payloadLength;
  }
  return { records, end: at };
}
