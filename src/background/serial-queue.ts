// The worker handles one thing at a time, in arrival order: the restore first, then every event,
// panel request and storage write queued behind it. An operation that throws is reported and the
// queue goes on.
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown) => void) {}

  run(op: () => void | Promise<void>): Promise<void> {
    this.tail = this.tail.then(op).catch((error: unknown) => this.onError(error));
    return this.tail;
  }

  /** Resolves when every queued operation, and any queued while waiting, has finished. */
  async whenIdle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}
