/** Export requests not settled yet: the run ends once every one has. */
export class PendingSends {
  private readonly pending = new Set<Promise<void>>();

  track(promise: Promise<void>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  /** Resolves when nothing is pending, including requests tracked while waiting. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
