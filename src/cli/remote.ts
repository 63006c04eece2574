// `mynah say --server URL`: the book is sent to a Mynah server as a job (POST /v1/audio/jobs),
// progress is drawn with the same bar as a local run, and the finished file is downloaded (with
// --chapters, one file per chapter, named as a local `mynah say --chapters` names them).
import { createWriteStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RuntimeError } from './common.js';
import { Progress } from './progress.js';

export interface RemoteOptions {
  server: string;
  apiKey?: string;
  model: string;
  voice: string;
  format: string;
  speed: number;
  quiet: boolean;
  /** Milliseconds between progress polls. */
  pollMs?: number;
  /** Download one file per chapter (`out-01.mp3`, ...) instead of the whole book. */
  chapters?: boolean;
}

export async function sayRemote(text: string, output: string, opts: RemoteOptions): Promise<void> {
  const base = opts.server.replace(/\/+$/, '').replace(/\/v1$/, '');
  const headers: Record<string, string> = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {};
  const call = async (path: string, init: RequestInit = {}) => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
    } catch (err) {
      throw new RuntimeError(`cannot reach ${base}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
    }
    if (!res.ok) {
      const body = await res.json().catch(() => ({})) as { error?: { message?: string } };
      throw new RuntimeError(`server answered ${res.status}: ${body.error?.message ?? res.statusText}`);
    }
    return res;
  };
  const started = performance.now();
  const created = await (await call('/v1/audio/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: opts.model, voice: opts.voice, input: text, response_format: opts.format, speed: opts.speed }),
  })).json() as JobView;
  const progress = new Progress(created.progress.characters_total, opts.quiet);
  let shown = 0;
  let job = created;
  // Ctrl-C cancels the job on the server rather than leaving it running there.
  const cancel = () => { void fetch(`${base}/v1/audio/jobs/${created.id}`, { method: 'DELETE', headers }).finally(() => process.exit(130)); };
  process.once('SIGINT', cancel);
  try {
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
      job = await (await call(`/v1/audio/jobs/${created.id}`)).json() as JobView;
      if (job.progress.characters_done > shown) {
        progress.update(job.progress.characters_done - shown, job.progress.audio_seconds);
        shown = job.progress.characters_done;
      }
    }
  } finally {
    process.removeListener('SIGINT', cancel);
  }
  if (job.status !== 'completed') throw new RuntimeError(`job ${job.id} ${job.status}${job.error ? `: ${job.error.message}` : ''}`);
  const save = async (path: string, file: string) => {
    const content = await call(path);
    const out = file === '-' ? process.stdout : createWriteStream(file);
    try {
      await pipeline(Readable.fromWeb(content.body as import('node:stream/web').ReadableStream<Uint8Array>), out, { end: file !== '-' });
    } catch (err) {
      throw new RuntimeError(`cannot write ${file}: ${(err as Error).message}`);
    }
  };
  let wrote = output === '-' ? 'stdout' : basename(output);
  if (opts.chapters && output !== '-') {
    const { data } = await (await call(`/v1/audio/jobs/${job.id}/chapters`)).json() as { data: { index: number; title: string }[] };
    const ext = extname(output);
    const stem = ext ? output.slice(0, -ext.length) : output;
    const width = Math.max(2, String(data.length).length);
    const files: string[] = [];
    for (const c of data) {
      const file = `${stem}-${String(c.index).padStart(width, '0')}${ext || `.${opts.format}`}`;
      await save(`/v1/audio/jobs/${job.id}/chapters/${c.index}/content`, file);
      files.push(basename(file));
    }
    wrote = data.length === 1 ? files[0] : `${files[0]} .. ${files.at(-1)} (${data.length} chapters)`;
  } else {
    await save(`/v1/audio/jobs/${job.id}/content`, output);
  }
  const pieces = job.progress.pieces_total;
  progress.finish(`wrote ${wrote}: ${Progress.clock(job.progress.audio_seconds)} of audio from ${pieces} piece${pieces > 1 ? 's' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s (job ${job.id} on ${base})`);
}

interface JobView {
  id: string;
  status: string;
  progress: { pieces_total: number; characters_done: number; characters_total: number; audio_seconds: number };
  error: { message: string } | null;
}
