// Intelligibility of every OpenAI voice name against its engine natively: PocketSphinx word error
// rate over the tuning sentences (not the test's), through the HTTP API, beside Debian's native
// `flite` speaking the same base voice; duration ratio (Mynah / native) and median f0.
// Prints the markdown table for BENCHMARKS.md ("Voices"). Run: node dist/bench/voices.js
// Needs: pocketsphinx pocketsphinx-en-us flite aubio-tools ffmpeg (Debian).
import { OPENAI_VOICES } from '../src/contract.js';
import { parseFliteVoice } from '../src/engines/flite.js';
import { startServer } from '../test/helpers.js';
import { medianF0, nativeFlite, seconds16k, toSpeech16k, transcribe, TUNING_SENTENCES, wordErrorRate } from '../test/listen.js';

const model = process.argv[2] ?? 'flite';
const sentences = TUNING_SENTENCES;
const server = await startServer();

interface Row { voice: string; engineVoice: string; wer: number; seconds: number; f0: number }

async function measure(audio: Buffer[]) {
  const hyp = await transcribe(audio);
  return { wer: wordErrorRate(sentences, hyp), seconds: audio.reduce((s, a) => s + seconds16k(a), 0), f0: await medianF0(Buffer.concat(audio)) };
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

const rows = new Map<string, Row>();
try {
  await pool([...OPENAI_VOICES], 2, async (voice) => {
    const audio: Buffer[] = [];
    let engineVoice = '';
    for (const input of sentences) {
      const res = await server.client.audio.speech.create({ model, voice, input, response_format: 'wav' }).asResponse();
      engineVoice = res.headers.get('x-mynah-voice') ?? '';
      audio.push(await toSpeech16k(new Uint8Array(await res.arrayBuffer())));
    }
    rows.set(voice, { voice, engineVoice, ...(await measure(audio)) });
  });
} finally {
  await server.close();
}

const native = new Map<string, Awaited<ReturnType<typeof measure>>>();
const bases = [...new Set([...rows.values()].map((r) => parseFliteVoice(r.engineVoice).base))];
await pool(bases, 2, async (base) => {
  native.set(base, await measure(await Promise.all(sentences.map((s) => nativeFlite(base, s)))));
});

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`| voice | engine voice | WER Mynah | WER native flite (base voice) | duration Mynah / native | median f0 Mynah (native) |`);
console.log('|---|---|---|---|---|---|');
let sum = 0;
for (const voice of OPENAI_VOICES) {
  const r = rows.get(voice)!;
  const n = native.get(parseFliteVoice(r.engineVoice).base)!;
  sum += r.wer;
  console.log(`| ${voice} | ${r.engineVoice} | ${pct(r.wer)} | ${pct(n.wer)} | ${(r.seconds / n.seconds).toFixed(3)} | ${r.f0.toFixed(0)} Hz (${n.f0.toFixed(0)} Hz) |`);
}
console.log(`\nmean WER over the 13 names: ${pct(sum / OPENAI_VOICES.length)}; ${sentences.length} sentences, ${sentences.reduce((n, s) => n + s.split(/\s+/).length, 0)} words per voice`);
