// Natural voices on an archive built like the real kokoro-multi-lang-v1_0 (file names, layout,
// metadata, 53 speakers in order, voices.bin of the real size; see fixtures/tiny-models.ts):
// `mynah models pull` from a local HTTP server, then the server, then requests. The tiny model
// writes the phoneme ids it was given ahead of its audio, so a test sees what sherpa-onnx made of
// the text: French read by espeak-ng's `fr`, Chinese through lexicon-zh.txt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer, type TestServer } from './helpers.js';
import { KITTEN_NANO_SPEAKERS, KOKORO_V0_19_SPEAKERS, KOKORO_V1_0_SPEAKERS, KOKORO_V1_1_SPEAKERS, kokoroOnnx, phonemeIds, tokenTable, writeKokoroModel, writeKokoroV1Model, writePiperModel } from './fixtures/tiny-models.js';
import { readOnnxMetadata } from '../src/models/onnx-meta.js';
import { detectModel } from '../src/models/store.js';
import { defaultWorkers } from '../src/models/footprint.js';
import { loadConfig } from '../src/config/index.js';
import { OPENAI_VOICES } from '../src/contract.js';
import { Catalog } from '../src/voices/catalog.js';
import { writeFile } from 'node:fs/promises';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const NAME = 'kokoro-multi-lang-v1_0';
const PIPER = 'vits-piper-en_US-lessac-medium';
const run = promisify(execFile);
let dir: string, store: string, base: string, http: Server, t: TestServer;

const cli = (args: string[], env: Record<string, string>) => run(process.execPath, [CLI, 'models', ...args], { env: { ...process.env, ...env } });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mynah-neural-'));
  await writeKokoroV1Model(join(dir, 'src', NAME));
  await run('tar', ['-cjf', join(dir, `${NAME}.tar.bz2`), '-C', join(dir, 'src'), NAME]);
  await writePiperModel(join(dir, 'src', PIPER), 'en_US-lessac-medium');
  await run('tar', ['-cjhf', join(dir, `${PIPER}.tar.bz2`), '-C', join(dir, 'src'), PIPER]);
  const archives = new Map([NAME, PIPER].map((n) => [`/${n}.tar.bz2`, join(dir, `${n}.tar.bz2`)]));
  http = createServer((req, res) => {
    const file = archives.get(req.url!);
    if (!file) return res.writeHead(404).end();
    void readFile(file).then((body) => res.writeHead(200, { 'content-length': body.length }).end(body));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  store = join(dir, 'store');
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  await cli(['pull', NAME], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: base });
  t = await startServer({ modelsDir: store, workers: 2 });
});
after(async () => {
  await t?.close();
  http?.close();
  await rm(dir, { recursive: true, force: true });
});

async function speak(body: Record<string, unknown>) {
  const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1-hd', response_format: 'pcm', ...body }) });
  assert.equal(res.status, 200, await res.clone().text());
  const bytes = Buffer.from(await res.arrayBuffer());
  const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const table = tokenTable();
  let peak = 0;
  for (const s of pcm.subarray(200)) peak = Math.max(peak, Math.abs(s));
  return { res, phonemes: phonemeIds(pcm).map((id) => table.get(id)).join(''), peak: peak / 32767 };
}

describe('kokoro-multi-lang-v1_0 pulled from an archive', () => {
  test('the archive unpacks as published and the model offers its 53 speakers and their languages', async () => {
    const meta = await readOnnxMetadata(join(store, NAME, 'model.onnx'));
    assert.equal(meta.speaker_names, KOKORO_V1_0_SPEAKERS.join(','));
    assert.deepEqual([meta.version, meta.style_dim, meta.n_speakers], ['2', '510,1,256', '53']);
    // voices.bin: speakers x 510 x 1 x 256 float32, as generate_voices_bin.py writes it.
    assert.equal((await readFile(join(store, NAME, 'voices.bin'))).length, 53 * 510 * 256 * 4);
    const voices = await (await fetch(`${t.url}/v1/audio/voices?model=${NAME}`)).json() as { data: { id: string; language: string; gender?: string }[] };
    assert.equal(voices.data.filter((v) => KOKORO_V1_0_SPEAKERS.includes(v.id)).length, 53);
    assert.deepEqual(voices.data.find((v) => v.id === 'ff_siwis'), { ...voices.data.find((v) => v.id === 'ff_siwis'), language: 'fr', gender: 'female' });
    // espeak-ng's data is kept at the store's top level, where `models rm` does not reach.
    assert.ok(existsSync(join(store, '.espeak-ng-data', 'phontab')));
  });

  test('French text is read by espeak-ng in French, not English', async () => {
    const { res, phonemes } = await speak({ voice: 'nova', input: "Bonjour, je m'appelle Marie et j'habite à Paris depuis longtemps." });
    assert.equal(res.headers.get('x-mynah-engine'), NAME);
    assert.equal(res.headers.get('x-mynah-language'), 'fr');
    assert.equal(res.headers.get('x-mynah-voice'), 'ff_siwis');
    // French espeak: nasal ɔ̃ and uvular ʁ; English espeak reads "Bonjour" with ɹ.
    assert.match(phonemes, /bɔ̃ʒˈuʁ/, phonemes);
    assert.doesNotMatch(phonemes, /ɹ/, phonemes);
    // The same speaker family on English text is read with English rules (the detector now
    // sends "Bonjour Marie." to French, rightly, so the English case is English text).
    const english = await speak({ voice: 'af_heart', input: 'Good morning, Marie.' });
    assert.match(english.phonemes, /ɹ/, english.phonemes);
  });

  test('Chinese goes through lexicon-zh.txt', async () => {
    const { res, phonemes } = await speak({ voice: 'zf_xiaoxiao', input: '你好' });
    assert.equal(res.headers.get('x-mynah-language'), 'zh');
    assert.equal(phonemes, '_nixaʊ');
  });

  test('digits in Chinese text go through number-zh.fst, then lexicon-zh.txt', async () => {
    const { phonemes } = await speak({ voice: 'zf_xiaoxiao', input: '今天是2024年' });
    // 2024 -> 二零二四 (the fixture's number-zh.fst reads digits one by one) -> ɚ liŋ ɚ sɨ.
    assert.equal(phonemes, '_jintjɛnʂɨɚliŋɚsɨnjɛn');
  });

  test('a model pulled while the server runs is served without a restart, and leaves on rm', async () => {
    const listed = async () => (await t.client.models.list()).data.map((m) => m.id);
    assert.ok(!(await listed()).includes(PIPER));
    await cli(['pull', PIPER], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: base });
    for (let i = 0; i < 100 && !(await listed()).includes(PIPER); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await listed()).includes(PIPER));
    const res = await t.client.audio.speech.create({ model: PIPER, voice: 'alloy', input: 'Hello there.', response_format: 'wav' }).asResponse();
    assert.equal(res.headers.get('x-mynah-engine'), PIPER);
    await cli(['rm', PIPER], { MYNAH_MODELS_DIR: store });
    for (let i = 0; i < 100 && (await listed()).includes(PIPER); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!(await listed()).includes(PIPER));
    // The Kokoro model, still there, still speaks (espeak-ng's data was not the Piper model's).
    assert.match((await speak({ voice: 'ff_siwis', input: 'Bonjour.' })).phonemes, /bɔ̃ʒˈuʁ/);
  });

  test('a blend mixes style vectors by weight, and leaves no temporary files', async () => {
    const before = (await readdir(tmpdir())).filter((f) => f.startsWith('mynah-blend-'));
    // Style values are (index + 1) / 100: am_adam 0.12, bm_george 0.27.
    const even = await speak({ voice: 'am_adam+bm_george', input: 'Hello there.' });
    const weighted = await speak({ voice: 'am_adam(3)+bm_george(1)', input: 'Hello there.' });
    const same = await speak({ voice: 'bm_george(2)+am_adam(6)', input: 'Hello there.' });
    assert.ok(Math.abs(even.peak - 0.195) < 0.01, `${even.peak}`);
    assert.ok(Math.abs(weighted.peak - 0.1575) < 0.01, `${weighted.peak}`);
    assert.equal(same.peak, weighted.peak);
    const left = (await readdir(tmpdir())).filter((f) => f.startsWith('mynah-blend-') && !before.includes(f));
    assert.deepEqual(left, []);
  });

  test('with MYNAH_BLEND_SESSIONS=0 a blend is a 400, not a second session', async () => {
    const off = await startServer({ modelsDir: store, workers: 1, blendSessions: 0 });
    try {
      const res = await fetch(`${off.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1-hd', voice: 'am_adam+bm_george', input: 'Hi.' }) });
      assert.equal(res.status, 400, await res.clone().text());
      assert.equal((await res.json() as { error: { code: string } }).error.code, 'invalid_voice');
    } finally {
      await off.close();
    }
  });

  test('two jobs run at once on two workers', async () => {
    // Minutes of audio each (speed 0.25 is the model at 0.5 plus time-stretching, then mp3): the
    // jobs last seconds even on a fast machine, so both are still running when /health is asked.
    const input = Array.from({ length: 100 }, (_, i) => `Sentence number ${i + 1} goes on for a while.`).join(' ');
    const start = () => fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1-hd', voice: 'alloy', input, response_format: 'mp3', speed: 0.25 }) });
    const [a, b] = await Promise.all([start(), start()]);
    const readers = [a.body!.getReader(), b.body!.getReader()];
    for (const r of readers) assert.equal((await r.read()).done, false);
    // Both have sent audio and neither has finished: each worker holds one of them.
    const health = await (await fetch(`${t.url}/health`)).json() as { workers: number[] };
    assert.deepEqual(health.workers, [1, 1]);
    for (const r of readers) while (!(await r.read()).done);
  });
});

describe('catalogued models', () => {
  test('every OpenAI voice name lands on a real speaker of each Kokoro and Kitten model, and v0.19\'s af is female', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mynah-cat-'));
    try {
      await writeKokoroModel(join(root, 'kokoro-en-v0_19'), KOKORO_V0_19_SPEAKERS);
      await writeKokoroModel(join(root, 'kokoro-multi-lang-v1_1'), KOKORO_V1_1_SPEAKERS);
      await writeKokoroModel(join(root, 'kokoro-multi-lang-v1_0'), KOKORO_V1_0_SPEAKERS);
      await writeKokoroModel(join(root, 'kitten-nano-en-v0_1-fp16'), KITTEN_NANO_SPEAKERS);
      await writeFile(join(root, 'kitten-nano-en-v0_1-fp16', 'model.onnx'), kokoroOnnx(KITTEN_NANO_SPEAKERS, { model_type: 'kitten-tts', comment: 'This is kitten-tts-nano-0.1 and supports only English' }));
      const models = await Promise.all(['kokoro-en-v0_19', 'kokoro-multi-lang-v1_1', 'kokoro-multi-lang-v1_0', 'kitten-nano-en-v0_1-fp16'].map((id) => detectModel(join(root, id))));
      assert.equal(models[0].speakers.find((s) => s.id === 'af')?.gender, 'female');
      assert.equal(models[3].family, 'kitten');
      const catalog = new Catalog(models.map((m) => ({ name: m.id, family: m.family, blends: false, sampleRate: m.sampleRate, speedRange: [0.5, 2] as [number, number], languages: m.languages, voices: m.speakers })), loadConfig({}, { workers: 1 }));
      for (const m of models) {
        for (const name of OPENAI_VOICES) {
          const { voice } = catalog.resolve(m.id, name);
          const speaker = m.speakers.find((s) => s.id === voice);
          assert.ok(speaker, `${m.id}: ${name} -> ${voice}`);
          // A model with a speaker of the OpenAI voice's usual gender uses one.
          const male = ['ash', 'ballad', 'echo', 'fable', 'onyx', 'verse', 'cedar'].includes(name);
          assert.equal(speaker.gender, male ? 'male' : 'female', `${m.id}: ${name} -> ${voice}`);
        }
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('the default worker count fits every installed model in half the memory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mynah-workers-'));
    try {
      assert.equal(defaultWorkers(root, 16 * 2 ** 30, 16).workers, 16);
      // 27 MB of voices.bin (+ a tiny model): ~110 MB per worker; 1 GB of memory holds 4 of them.
      await writeKokoroV1Model(join(root, NAME));
      const choice = defaultWorkers(root, 2 ** 30, 16);
      assert.equal(choice.workers, 4, choice.reason);
      assert.match(choice.reason, /per worker/);
      assert.equal(defaultWorkers(root, 2 ** 30, 2).workers, 2);
      assert.equal(defaultWorkers(root, 2 ** 20, 16).workers, 1);
      // Two blend sessions: three copies of the Kokoro model per worker (~170 MB): 1 GB holds 3.
      assert.equal(defaultWorkers(root, 2 ** 30, 16, 2).workers, 3);
      // The configuration uses it unless MYNAH_WORKERS says otherwise.
      assert.match(loadConfig({ MYNAH_MODELS_DIR: root }).workersReason, /per worker/);
      assert.equal(loadConfig({ MYNAH_MODELS_DIR: root, MYNAH_WORKERS: '3' }).workers, 3);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('mynah serve sizes libuv\'s thread pool before it starts', { timeout: 30_000 }, async () => {
    const { spawn } = await import('node:child_process');
    const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, MYNAH_WORKERS: '3', MYNAH_MODELS_DIR: join(dir, 'empty-store'), UV_THREADPOOL_SIZE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        server.stdout!.on('data', (d) => { out += d; if (/synthesis workers/.test(out)) resolve(); });
        server.on('exit', () => reject(new Error(`serve exited: ${out}`)));
      });
      // The server runs in a child with the variable set from the start: 3 workers x 2 jobs + 4.
      const child = (await readFile(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8')).trim().split(/\s+/)[0];
      const environ = (await readFile(`/proc/${child}/environ`, 'utf8')).split('\0');
      assert.ok(environ.includes('UV_THREADPOOL_SIZE=10'), environ.filter((e) => e.startsWith('UV_')).join());
      assert.match(out, /"threadpool":10/);
    } finally {
      // SIGKILL if it has not gone after 10 s (the relaunched child follows its parent out).
      const closed = new Promise((resolve) => server.on('close', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await closed;
      clearTimeout(timer);
    }
  });
});
