/** Counts open and pending websockets per client address and refuses past the limit. */
export class ConnectionsPerAddress {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Reserves a slot; returns the release function, or null if the address is at its limit. */
  reserve(address: string): (() => void) | null {
    const count = this.counts.get(address) ?? 0;
    if (count >= this.limit) return null;
    this.counts.set(address, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(address) ?? 1) - 1;
      if (left <= 0) this.counts.delete(address);
      else this.counts.set(address, left);
    };
  }

  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }
}
