/**
 * Makes committed WAL frames durable off the event loop. SQLite runs with synchronous=NORMAL, so a commit
 * only writes its frames to the page cache; this class then fdatasyncs the WAL file on libuv's thread pool
 * and reports back. One sync covers every commit made before it started, so commits that land while a sync
 * is in flight share the next one (group commit across event-loop turns).
 *
 * NORMAL still syncs at checkpoints and after a WAL restart, which is what keeps the file consistent; the
 * per-commit sync here is what FULL would have done inline, blocking every request behind the disk.
 */
import { closeSync, fdatasync, openSync } from 'node:fs';

/** Told whether the frames it waited for reached the disk. */
export type DurableCallback = (error: Error | null) => void;

export class WalSync {
  private descriptor: number | undefined;
  /** Callbacks for commits made since the sync in flight (if any) began, oldest first. */
  private waiting: DurableCallback[] = [];
  private inFlight = false;
  private drained: (() => void)[] = [];

  constructor(private readonly walPath: string) {}

  /** Calls `done` once everything written to the WAL before this call is on disk, in call order. */
  whenDurable(done: DurableCallback): void {
    this.waiting.push(done);
    if (!this.inFlight) this.start();
  }

  /** Waits for every requested sync to finish, then closes the file. */
  async close(): Promise<void> {
    if (this.inFlight) await new Promise<void>((resolve) => this.drained.push(resolve));
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  private start(): void {
    const covered = this.waiting;
    this.waiting = [];
    this.inFlight = true;
    const finish = (error: Error | null): void => {
      this.inFlight = false;
      for (const done of covered) done(error);
      if (this.waiting.length > 0) this.start();
      else for (const resolve of this.drained.splice(0)) resolve();
    };
    let descriptor: number;
    try {
      // Opened on first use: SQLite creates the WAL with the first transaction, not when the file opens.
      descriptor = this.descriptor ??= openSync(this.walPath, 'r+');
    } catch (error) {
      setImmediate(finish, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    fdatasync(descriptor, finish);
  }
}
