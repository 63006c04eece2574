// Listening to voices the way an outsider would: Debian's PocketSphinx transcribes, word error
// rate scores, Debian's native flite gives the engine's own rendering to compare against, and
// aubio measures pitch. Used by test/intelligibility.test.ts and bench/voices.ts.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Everyday sentences, written for this project: requests, times, places and small talk a
 * voice assistant says. Words the recogniser's dictionary has, no names it cannot know.
 */
export const EVERYDAY_SENTENCES = [
  'Please turn off the kitchen lights before you go to bed.',
  'The train to the city leaves at half past nine.',
  'Could you send me the report by Friday afternoon?',
  'We need more milk, eggs and bread from the shop.',
  'It will be cold and windy tomorrow with some rain in the evening.',
  'Your meeting with the doctor has been moved to Tuesday.',
  'I left my keys on the table next to the front door.',
  'The children are playing football in the park.',
  'Remember to water the plants while we are away.',
  'The restaurant opens at seven and closes at midnight.',
  'She bought a new car last week and drove it to the coast.',
  'Turn left at the next corner and the bank is on your right.',
];

/** A second set, for tuning and benchmarks, so the test's sentences are not the ones tuned on. */
export const TUNING_SENTENCES = [
  'The water in the pool is too cold for swimming today.',
  'My sister is coming to visit us at the end of the month.',
  'Put the dishes in the sink and I will wash them later.',
  'The bus was late again this morning because of the snow.',
  'He asked the teacher a question about the homework.',
  'There is a small shop across the street that sells fresh fruit.',
  'We watched a movie and then went out for dinner.',
  'The phone has been ringing all day but nobody answers.',
  'Can you tell me how to get to the station from here?',
  'The garden looks beautiful now that the flowers are open.',
  'Please close the window because the room is getting cold.',
  'They are planning a trip to the mountains next summer.',
  'I will call you back as soon as the meeting is over.',
  'The price of coffee went up again this year.',
  'Our neighbours have a big brown dog that barks at night.',
  'Do not forget to bring your umbrella when you go out.',
  'The library is closed on Sundays and public holidays.',
  'She works at the hospital and often comes home late.',
  'We should leave early to avoid the heavy traffic.',
  'The cake needs to bake for forty minutes in a hot oven.',
];

export const words = (text: string) => text.toLowerCase().replace(/[^a-z' ]+/g, ' ').split(/\s+/).filter(Boolean);

/** Word-level edit distance (substitutions, insertions, deletions) of a hypothesis. */
export function wordErrors(reference: string, hypothesis: string): { errors: number; words: number } {
  const ref = words(reference);
  const hyp = words(hypothesis);
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return { errors: prev[hyp.length], words: ref.length };
}

/** Word error rate over a set of (reference, hypothesis) pairs: total errors / total words. */
export function wordErrorRate(references: string[], hypotheses: string[]): number {
  let errors = 0;
  let total = 0;
  references.forEach((r, i) => {
    const e = wordErrors(r, hypotheses[i] ?? '');
    errors += e.errors;
    total += e.words;
  });
  return errors / total;
}

/** Any audio file ffmpeg reads (or raw 24 kHz s16le with `rawPcm`) to 16 kHz mono 16-bit samples. */
export async function toSpeech16k(bytes: Uint8Array, rawPcm = false): Promise<Buffer> {
  const input = rawPcm ? ['-f', 's16le', '-ar', '24000', '-ac', '1'] : [];
  const child = run('ffmpeg', ['-v', 'error', ...input, '-i', 'pipe:0', '-ar', '16000', '-ac', '1', '-f', 's16le', 'pipe:1'], { encoding: 'buffer', maxBuffer: 1 << 28 });
  child.child.stdin!.end(bytes);
  return (await child).stdout;
}

/**
 * Transcribes 16 kHz mono s16le utterances with PocketSphinx's batch decoder (Debian's
 * pocketsphinx 0.8+5prealpha and its US English model): one process, the model loaded once.
 */
export async function transcribe(utterances: Buffer[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-asr-'));
  try {
    const ids = utterances.map((_, i) => `u${i}`);
    await Promise.all(utterances.map((pcm, i) => writeFile(join(dir, `${ids[i]}.raw`), pcm)));
    await writeFile(join(dir, 'ctl'), ids.join('\n') + '\n');
    await run('pocketsphinx_batch', ['-adcin', 'yes', '-cepdir', dir, '-cepext', '.raw', '-ctl', join(dir, 'ctl'),
      '-hyp', join(dir, 'hyp'), '-logfn', '/dev/null'], { maxBuffer: 1 << 24 });
    const byId = new Map<string, string>();
    for (const line of (await readFile(join(dir, 'hyp'), 'utf8')).split('\n')) {
      const m = /^(.*) \((u\d+)(?: [-\d]+)?\)$/.exec(line.trim());
      if (m) byId.set(m[2], m[1]);
    }
    return ids.map((id) => byId.get(id) ?? '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Debian's native `flite` (the engine as its authors ship it), as 16 kHz mono s16le. */
export async function nativeFlite(voice: string, text: string, settings: string[] = []): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-flite-'));
  try {
    await writeFile(join(dir, 'in.txt'), text);
    await run('flite', ['-voice', voice, ...settings, '-f', join(dir, 'in.txt'), '-o', join(dir, 'out.wav')]);
    return await toSpeech16k(await readFile(join(dir, 'out.wav')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median fundamental frequency (Hz) of the voiced frames, by aubio's YIN tracker (aubio-tools). */
export async function medianF0(pcm16k: Buffer): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-f0-'));
  try {
    const wav = join(dir, 'a.wav');
    const header = Buffer.alloc(44);
    header.write('RIFF', 0); header.writeUInt32LE(36 + pcm16k.length, 4); header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22);
    header.writeUInt32LE(16000, 24); header.writeUInt32LE(32000, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34);
    header.write('data', 36); header.writeUInt32LE(pcm16k.length, 40);
    await writeFile(wav, Buffer.concat([header, pcm16k]));
    const { stdout } = await run('aubiopitch', ['-i', wav, '-p', 'yinfft', '-u', 'Hz', '-l', '0.7', '-s', '-50'], { maxBuffer: 1 << 24 });
    const f0 = stdout.split('\n').map((l) => Number(l.split(/\s+/)[1])).filter((f) => f >= 50 && f <= 500).sort((a, b) => a - b);
    return f0.length ? f0[Math.floor(f0.length / 2)] : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Seconds of 16 kHz s16le audio. */
export const seconds16k = (pcm: Buffer) => pcm.length / 32000;
