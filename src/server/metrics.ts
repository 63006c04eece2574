// Prometheus text exposition (format 0.0.4), written by hand: a few counters, gauges and
// histograms are all Mynah needs, so no client library.
type Labels = Record<string, string>;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (l: Labels) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

class Counter {
  private values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1) {
    const k = labelText(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

class Histogram {
  private counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly name: string, readonly help: string, readonly buckets: number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number) {
    if (!Number.isFinite(value)) return;
    this.sum += value;
    this.count++;
    this.buckets.forEach((b, i) => { if (value <= b) this.counts[i]++; });
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines.join('\n');
  }
}

const gauge = (name: string, help: string, values: [Labels, number][]) =>
  [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...values.map(([l, v]) => `${name}${labelText(l)} ${v}`)].join('\n');

export interface LiveState {
  queueDepth: number;
  active: number;
  maxConcurrent: number;
  workerJobs: number[];
  draining: boolean;
}

export class Metrics {
  readonly requests = new Counter('mynah_requests_total', 'HTTP requests by route and status code.');
  readonly speech = new Counter('mynah_speech_requests_total', 'Speech requests by format and outcome (ok, error, aborted, rejected).');
  readonly characters = new Counter('mynah_input_characters_total', 'Input characters accepted for synthesis.');
  readonly audioSeconds = new Counter('mynah_audio_seconds_total', 'Seconds of audio produced.');
  readonly ttfb = new Histogram('mynah_time_to_first_byte_seconds', 'Seconds from request to the first audio bytes.', [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
  readonly duration = new Histogram('mynah_request_duration_seconds', 'Seconds from request to the last byte of a speech response.', [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]);
  readonly rtf = new Histogram('mynah_real_time_factor', 'Synthesis time divided by audio duration (below 1 is faster than real time).', [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]);
  private started = Date.now();
  /** Book-job pieces queued or being spoken (jobs/index.ts's backend; all replicas in shared mode). */
  private jobPieces: () => Promise<number> = async () => 0;

  constructor(private live: () => LiveState) {}

  /** Where mynah_job_pieces_pending is read from (the jobs backend's depth()). */
  watchJobPieces(read: () => Promise<number>): void {
    this.jobPieces = read;
  }

  async render(): Promise<string> {
    const s = this.live();
    // The signal to scale replicas on (deploy/k8s HPA); 0 when the store does not answer.
    const pieces = await this.jobPieces().catch(() => 0);
    const busy = s.workerJobs.filter((n) => n > 0).length;
    return [
      this.requests.render(), this.speech.render(), this.characters.render(), this.audioSeconds.render(),
      this.ttfb.render(), this.duration.render(), this.rtf.render(),
      gauge('mynah_queue_depth', 'Speech requests waiting for a synthesis slot.', [[{}, s.queueDepth]]),
      gauge('mynah_active_jobs', 'Speech requests holding a synthesis slot.', [[{}, s.active]]),
      gauge('mynah_max_concurrent_jobs', 'Synthesis slots.', [[{}, s.maxConcurrent]]),
      gauge('mynah_worker_jobs', 'Jobs running per worker thread.', s.workerJobs.map((n, i) => [{ worker: String(i) }, n])),
      gauge('mynah_worker_utilization', 'Fraction of worker threads with at least one job.', [[{}, s.workerJobs.length ? busy / s.workerJobs.length : 0]]),
      gauge('mynah_draining', '1 while shutting down.', [[{}, s.draining ? 1 : 0]]),
      gauge('mynah_uptime_seconds', 'Seconds since start.', [[{}, (Date.now() - this.started) / 1000]]),
      gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', [[{}, process.memoryUsage.rss()]]),
      gauge('mynah_job_pieces_pending', 'Book-job pieces queued or being spoken (all replicas in shared mode).', [[{}, pieces]]),
    ].join('\n') + '\n';
  }
}
