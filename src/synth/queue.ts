// The one producer/consumer queue used between threads and streams: push values, end (or fail)
// once, and read them in order with `for await` or shift(). A reader that leaves early (break,
// return) closes the queue, so later pushes are dropped instead of piling up.

export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiter?: () => void;
  private ended = false;
  private failure?: Error;
  private closed = false;

  /** Items waiting to be read. */
  get size(): number { return this.items.length; }
  /** True once end() or fail() was called (items may still be waiting). */
  get done(): boolean { return this.ended; }

  push(item: T): void {
    if (this.ended || this.closed) return;
    this.items.push(item);
    this.wake();
  }

  /** No more items; readers finish once the queue is empty. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake();
  }

  /** Ends with an error: readers get what is queued, then the error. The first call wins. */
  fail(err: Error): void {
    if (this.ended) return;
    this.failure = err;
    this.ended = true;
    this.wake();
  }

  /** Fails at once, dropping what is queued (a timeout or a cancel). */
  abort(err: Error): void {
    if (this.ended && !this.items.length) return;
    this.items = [];
    this.ended = false;
    this.fail(err);
  }

  /** The next item, or `undefined` once the queue has ended; throws the failure, if any. */
  async shift(): Promise<T | undefined> {
    while (true) {
      if (this.items.length) return this.items.shift();
      if (this.failure) throw this.failure;
      if (this.ended || this.closed) return undefined;
      await new Promise<void>((resolve) => { this.waiter = resolve; });
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      while (true) {
        const item = await this.shift();
        if (item === undefined) return;
        yield item;
      }
    } finally {
      this.closed = true;
      this.items = [];
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
