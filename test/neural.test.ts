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
import { KOKORO_V1_0_SPEAKERS, phonemeIds, tokenTable, writeKokoroV1Model } from './fixtures/tiny-models.js';
import { readOnnxMetadata } from '../src/models/onnx-meta.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const NAME = 'kokoro-multi-lang-v1_0';
const run = promisify(execFile);
let dir: string, store: string, http: Server, t: TestServer;

const cli = (args: string[], env: Record<string, string>) => run(process.execPath, [CLI, 'models', ...args], { env: { ...process.env, ...env } });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mynah-neural-'));
  await writeKokoroV1Model(join(dir, 'src', NAME));
  await run('tar', ['-cjf', join(dir, `${NAME}.tar.bz2`), '-C', join(dir, 'src'), NAME]);
  const archive = await readFile(join(dir, `${NAME}.tar.bz2`));
  http = createServer((req, res) => req.url === `/${NAME}.tar.bz2` ? res.writeHead(200, { 'content-length': archive.length }).end(archive) : res.writeHead(404).end());
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  store = join(dir, 'store');
  await cli(['pull', NAME], { MYNAH_MODELS_DIR: store, MYNAH_MODELS_URL: `http://127.0.0.1:${(http.address() as { port: number }).port}` });
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
    const english = await speak({ voice: 'af_heart', input: 'Bonjour Marie.' });
    assert.match(english.phonemes, /ɹ/, english.phonemes);
  });

  test('Chinese goes through lexicon-zh.txt', async () => {
    const { res, phonemes } = await speak({ voice: 'zf_xiaoxiao', input: '你好' });
    assert.equal(res.headers.get('x-mynah-language'), 'zh');
    assert.equal(phonemes, '_nixaʊ');
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
