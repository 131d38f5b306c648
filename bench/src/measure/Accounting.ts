/**
 * Exact delivery accounting for one scenario: every update a writer sends is expected at every
 * other client of its board exactly once. Receivers report the (writer, seq) markers they find;
 * a second report of the same pair at the same receiver is a duplicate, a pair never reported
 * by an expected receiver is lost. Latency is the time from the send to each first receipt.
 */
export class Accounting {
  /** Send time per writer and seq (NaN: not sent). */
  private readonly sentAt: Float64Array[] = [];
  /** Per receiver: per writer, a byte per seq (0 not yet, 1 received). */
  private readonly seen: Map<number, Uint8Array[]> = new Map();
  private readonly expectedReceivers: number[][] = [];
  private readonly latencies: number[] = [];
  private duplicates = 0;
  private unexpected = 0;
  private firstReceipts = 0;
  private measureFrom = 0;
  private measureUntil = Number.POSITIVE_INFINITY;
  private deliveredInWindow = 0;

  constructor(private readonly maxSeq: number) {}

  /** Registers a writer and the receivers that must get its updates. */
  addWriter(writer: number, receivers: readonly number[]): void {
    this.sentAt[writer] = new Float64Array(this.maxSeq).fill(Number.NaN);
    this.expectedReceivers[writer] = [...receivers];
    for (const receiver of receivers) {
      let perWriter = this.seen.get(receiver);
      if (!perWriter) this.seen.set(receiver, (perWriter = []));
      perWriter[writer] = new Uint8Array(this.maxSeq);
    }
  }

  /** Latency and delivery rate count only for updates sent inside [from, until). */
  window(from: number, until: number): void {
    this.measureFrom = from;
    this.measureUntil = until;
  }

  sent(writer: number, seq: number, at: number): void {
    (this.sentAt[writer] as Float64Array)[seq] = at;
  }

  received(receiver: number, writer: number, seq: number, at: number): void {
    const perWriter = this.seen.get(receiver)?.[writer];
    if (!perWriter || seq >= this.maxSeq) {
      this.unexpected++;
      return;
    }
    if (perWriter[seq] === 1) {
      this.duplicates++;
      return;
    }
    perWriter[seq] = 1;
    this.firstReceipts++;
    const sentAt = (this.sentAt[writer] as Float64Array)[seq] as number;
    if (sentAt >= this.measureFrom && sentAt < this.measureUntil) {
      this.latencies.push(at - sentAt);
      this.deliveredInWindow++;
    }
  }

  /** How many deliveries are still missing (0 once everything arrived). */
  missing(): number {
    return this.expected() - this.firstReceipts;
  }

  expected(): number {
    let expected = 0;
    this.sentAt.forEach((times, writer) => {
      let sent = 0;
      for (const time of times) if (!Number.isNaN(time)) sent++;
      expected += sent * (this.expectedReceivers[writer]?.length ?? 0);
    });
    return expected;
  }

  result(): { sent: number; expected: number; delivered: number; lost: number; duplicated: number; unexpected: number; latencies: readonly number[]; deliveredInWindow: number } {
    let sent = 0;
    for (const times of this.sentAt) if (times) for (const time of times) if (!Number.isNaN(time)) sent++;
    const expected = this.expected();
    return {
      sent,
      expected,
      delivered: this.firstReceipts,
      lost: expected - this.firstReceipts,
      duplicated: this.duplicates,
      unexpected: this.unexpected,
      latencies: this.latencies,
      deliveredInWindow: this.deliveredInWindow,
    };
  }
}
