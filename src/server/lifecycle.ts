// One speech request's resources, released exactly once. The lifecycle owns the admission permit
// and the synthesis job (which owns its worker parts and, in the worker, any ffmpeg child and
// encoder state); it ends when the response does, as node's stream.finished() reports it, in
// whatever order close, error, timeout and abort arrive. Ending aborts `signal`, so whatever
// the request is still waiting for (text preparation, a queue place, the first audio) gives up.
import type { ServerResponse } from 'node:http';
import { Readable, finished } from 'node:stream';
import { ApiError } from './errors.js';
import type { Permit } from './admission.js';

export type Outcome = 'ok' | 'error' | 'aborted' | 'rejected';

export interface LifecycleOptions {
  /** Milliseconds a client may leave audio unread before it is dropped (MYNAH_WRITE_STALL_MS). */
  writeStallMs: number;
  /** Called once, when everything has been released. */
  onEnd(outcome: Outcome, detail: { error?: Error; stalled: boolean }): void;
}

/** Something that stops when returned from: the job's audio generator. */
interface Job { return(value?: undefined): Promise<unknown> }

export class SpeechLifecycle {
  private readonly controller = new AbortController();
  private permit?: Permit;
  private job?: Job;
  private error?: Error;
  private streamFailed = false;
  private stalled = false;
  private stallTimer?: NodeJS.Timeout;
  private ended = false;

  constructor(private readonly res: ServerResponse, private readonly opts: LifecycleOptions) {
    finished(res, (err) => this.end(err ?? undefined));
  }

  /** Aborted once the response has ended, for whatever reason. */
  get signal(): AbortSignal { return this.controller.signal; }

  /** Takes the admission permit; released at the end (at once, if the end came first). */
  hold(permit: Permit): void {
    this.permit = permit;
    if (this.ended) permit.release();
  }

  /** Takes the synthesis job; cancelled at the end unless it finished. */
  own<T extends { audio: Job }>(speech: T): T {
    this.job = speech.audio;
    if (this.ended) void speech.audio.return(undefined);
    return speech;
  }

  /** Records why the request failed before its response was written (for the outcome). */
  fail(err: Error): void {
    this.error ??= err;
  }

  /**
   * Writes `source`'s batches of audio and ends the response; never throws (a failure destroys
   * the response). A batch goes to the socket whole (one writev), and the next is asked for only
   * once the socket has taken it: the pieces are views of a ring the worker fills again
   * (SynthPool.speak). A client that leaves a batch unread for `writeStallMs` is dropped.
   */
  async send(source: AsyncIterable<Uint8Array[]>): Promise<void> {
    try {
      for await (const batch of source) {
        if (this.ended || this.res.destroyed) break;
        if (batch.length) await this.write(batch);
      }
      if (!this.ended && !this.res.destroyed) this.res.end();
    } catch (err) {
      if (!this.signal.aborted) {
        this.streamFailed = true;
        this.error ??= err as Error;
      }
      this.res.destroy();
    }
  }

  /** Resolves once the socket has taken `batch` (or the response has ended). */
  private write(batch: Uint8Array[]): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (err?: Error | null) => {
        clearTimeout(this.stallTimer);
        this.signal.removeEventListener('abort', onEnd);
        if (err) this.res.destroy();
        resolve();
      };
      const onEnd = () => done();
      this.signal.addEventListener('abort', onEnd, { once: true });
      this.stallTimer = setTimeout(this.onStall, this.opts.writeStallMs);
      const last = batch.length - 1;
      this.res.cork();
      for (let i = 0; i < last; i++) this.res.write(batch[i]);
      this.res.write(batch[last], done);
      this.res.uncork();
    });
  }

  /**
   * The response body (SSE): pulled from `source` only as fast as the client reads. A client that
   * leaves a piece unread for `writeStallMs` is dropped (the response is destroyed, which ends
   * the lifecycle and frees its slot).
   */
  body(source: AsyncIterable<Uint8Array | string>): Readable {
    return Readable.from(this.watched(source), { objectMode: false });
  }

  // A method, not a closure made per request: V8 keeps one optimized copy of it (a generator
  // closure made per request was recompiled every ~25 requests, BENCHMARKS.md).
  private async *watched(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
    try {
      for await (const piece of source) {
        // From here until the stream asks for the next piece, the client is the one waiting.
        this.stallTimer = setTimeout(this.onStall, this.opts.writeStallMs);
        yield piece;
        clearTimeout(this.stallTimer);
      }
    } catch (err) {
      if (!this.signal.aborted) this.streamFailed = true;
      throw err;
    }
  }

  private readonly onStall = () => { this.stalled = true; this.res.destroy(); };

  private end(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.stallTimer);
    this.controller.abort(new ApiError(499, 'Client closed the request.'));
    void this.job?.return(undefined).catch(() => {});
    this.permit?.release();
    this.opts.onEnd(this.outcome(err), { error: this.error, stalled: this.stalled });
  }

  private outcome(err?: Error): Outcome {
    if (this.streamFailed) return 'error';
    if (this.error) return this.error instanceof ApiError && this.error.status === 429 ? 'rejected' : err ? 'aborted' : 'error';
    return err ? 'aborted' : 'ok';
  }
}
