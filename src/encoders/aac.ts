// AAC-LC in ADTS like OpenAI's. No AAC encoder exists on npm, so this one pipes PCM through a
// spawned ffmpeg. ffmpeg only ever reads PCM the server produced itself.
import { spawn, type ChildProcess } from 'node:child_process';
import type { EncoderDriver } from './types.js';
import { pcmBytes } from './bytes.js';

interface Probe {
  ok: true | string;
  fastCoder: boolean;
}
const probes = new Map<string, Promise<Probe>>();

function probe(bin: string): Promise<Probe> {
  let p = probes.get(bin);
  if (!p) {
    p = new Promise<Probe>((resolve) => {
      const child = spawn(bin, ['-hide_banner', '-h', 'encoder=aac'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let text = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({
          ok: e.code === 'ENOENT'
            ? `aac needs ffmpeg, and none was found (looked for "${bin}"; install ffmpeg or set MYNAH_FFMPEG to its path)`
            : `aac needs ffmpeg, and "${bin}" could not be started: ${e.message}`,
          fastCoder: false,
        });
      });
      child.on('close', () => {
        clearTimeout(timer);
        if (!/Encoder aac\b/.test(text)) {
          resolve({ ok: `aac needs ffmpeg's native AAC encoder, and "${bin}" does not list one`, fastCoder: false });
        } else {
          resolve({ ok: true, fastCoder: /^\s+fast\s/m.test(text) });
        }
      });
    });
    probes.set(bin, p);
  }
  return p;
}

// Children still running when Node exits are killed, so an abandoned response never leaks ffmpeg.
/** Input after which ffmpeg's AAC encoder has emitted its first frame (delay + one frame). */
const FIRST_OUTPUT_SAMPLES = 3 * 1024;
const FIRST_BYTES_WAIT_MS = 500;

const live = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('close', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => { for (const c of live) c.kill('SIGKILL'); });
  }
}

const aac: EncoderDriver = {
  format: 'aac',
  async available({ ffmpeg }) {
    return (await probe(ffmpeg)).ok;
  },
  async create(sampleRate, { ffmpeg: bin }) {
    const { ok, fastCoder } = await probe(bin);
    if (ok !== true) throw new Error(ok);
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      // Raw PCM needs no probing; without these ffmpeg sits on ~2 s of input before its first frame.
      '-probesize', '32', '-analyzeduration', '0', '-fflags', 'nobuffer',
      '-f', 's16le', '-ar', String(sampleRate), '-ac', '1', '-i', 'pipe:0',
      '-c:a', 'aac', ...(fastCoder ? ['-aac_coder', 'fast'] : []), '-b:a', '64k',
      '-threads', '1', '-flush_packets', '1', '-f', 'adts', 'pipe:1',
    ];
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);

    let ready: Uint8Array[] = [];
    let stderr = '';
    let failure: Error | undefined;
    let exited = false;
    let ended = false;
    const closed = new Promise<number | null>((resolve) => {
      child.on('close', (code) => {
        exited = true;
        resolve(code);
      });
    });
    child.on('error', (e) => (failure ??= e));
    // EPIPE here means ffmpeg died; the exit code and stderr explain why, so only remember it.
    child.stdin!.on('error', (e) => (failure ??= e));
    child.stdout!.on('data', (d: Buffer) => ready.push(new Uint8Array(d.buffer, d.byteOffset, d.length)));
    // ffmpeg needs ~80 ms to start and two AAC frames of input before its first byte. A worker busy
    // synthesizing the next sentence would not read that byte until the sentence is done, so the
    // first write that gives ffmpeg enough input waits (briefly) for the first bytes.
    const firstBytes = new Promise<void>((resolve) => {
      child.stdout!.once('data', () => resolve());
      child.once('close', () => resolve());
      setTimeout(resolve, FIRST_BYTES_WAIT_MS).unref();
    });
    let samplesIn = 0;
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));

    const drain = (): Uint8Array[] => {
      const out = ready;
      ready = [];
      return out;
    };
    const fail = (what: string): Error =>
      new Error(`ffmpeg aac ${what}${stderr ? `: ${stderr.trim()}` : failure ? `: ${failure.message}` : ''}`);

    return {
      async write(pcm) {
        if (ended) throw new Error('aac encoder already finished');
        if (exited || failure) throw fail('stopped early');
        // Not waiting for 'drain': sentences are small and ffmpeg reads far faster than speech arrives.
        if (pcm.length) child.stdin!.write(pcmBytes(pcm));
        const before = samplesIn;
        samplesIn += pcm.length;
        if (before < FIRST_OUTPUT_SAMPLES && samplesIn >= FIRST_OUTPUT_SAMPLES) await firstBytes;
        return drain();
      },
      async end() {
        if (ended) return [];
        ended = true;
        if (!exited) child.stdin!.end();
        const code = await closed;
        if (code !== 0) throw fail(`exited with ${code ?? 'a signal'}`);
        return drain();
      },
      close() {
        ended = true;
        ready = [];
        if (!exited) child.kill('SIGKILL');
      },
    };
  },
};

export default aac;
