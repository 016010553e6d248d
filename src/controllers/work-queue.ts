/**
 * A de-duplicating queue processed one key at a time: a key added while queued runs once; a key added while
 * it runs runs again afterwards. Failures are retried with a delay.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private stopped = false;
  private draining = false;

  constructor(
    private readonly work: (key: string) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
    private readonly retryDelayMs = 500,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    this.pending.add(key);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  addAfter(key: string, delayMs: number): void {
    setTimeout(() => this.add(key), delayMs).unref();
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.pending.size > 0) {
      const key = this.pending.values().next().value as string;
      this.pending.delete(key);
      this.running.add(key);
      try {
        await this.work(key);
      } catch (error) {
        this.onError(key, error);
        this.addAfter(key, this.retryDelayMs);
      } finally {
        this.running.delete(key);
        if (this.again.delete(key)) this.pending.add(key);
      }
    }
    this.draining = false;
  }
}
