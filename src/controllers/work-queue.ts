/**
 * A de-duplicating queue processed by up to `concurrency` workers: a key added while queued runs once; a key
 * added while it runs runs again afterwards (never two runs of one key at a time). Failures are retried with
 * a delay. Concurrent workers let writes of different keys share one storage commit.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private stopped = false;
  private workers = 0;

  constructor(
    private readonly work: (key: string) => Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
    private readonly retryDelayMs = 500,
    private readonly concurrency = 1,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    this.pending.add(key);
    // Every running key and every pending one can use a worker of its own, up to the limit.
    if (this.workers < this.concurrency && this.workers < this.running.size + this.pending.size) {
      this.workers++;
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

  /** One worker: takes keys until none is left. */
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
    this.workers--;
  }
}
