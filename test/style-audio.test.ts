// `instructions` change the audio, measured: pitch (aubiopitch), loudness (RMS), duration and
// silences, on each built-in engine, through the real server and the official client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer, type TestServer } from './helpers.js';
import { OPENAI_VOICE_MAP } from '../src/config/defaults.js';
import { measure, semitones, type Measured } from './measure.js';

const TEXT = 'The quick brown fox jumps over the lazy dog. Is this a question, or not?';
const SEED = { model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Việt nam có đẹp không!' } as const;

let t: TestServer;
let store: string;
before(async () => {
  // An empty model store: gpt-4o-mini-tts lands on flite whatever this machine has installed.
  store = await mkdtemp(join(tmpdir(), 'mynah-style-'));
  // CORS on, for the test of the headers a browser may read.
  t = await startServer({ modelsDir: store, workers: 2, corsOrigin: 'http://example.test' });
});
after(async () => {
  await t.close();
  await rm(store, { recursive: true, force: true });
});

async function speak(body: { model: string; voice: string; input: string; instructions?: string }) {
  const res = await t.client.audio.speech.create({ ...body, response_format: 'wav' }).asResponse();
  return { style: res.headers.get('x-mynah-style'), engine: res.headers.get('x-mynah-engine'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

const ENGINES = [
  { name: 'flite', model: 'gpt-4o-mini-tts', voice: 'alloy' },
  { name: 'espeak', model: 'espeak', voice: 'en-us' },
];

for (const engine of ENGINES) {
  describe(`instructions on ${engine.name}`, () => {
    const cache = new Map<string, Promise<Measured & { style: string | null }>>();
    // Each instruction is spoken once per engine and measured; tests share the measurements.
    const styled = (instructions?: string) => {
      const key = instructions ?? '';
      if (!cache.has(key)) {
        cache.set(key, speak({ model: engine.model, voice: engine.voice, input: TEXT, instructions }).then(async (r) => {
          assert.equal(r.engine, engine.name);
          return { ...(await measure(r.bytes)), style: r.style };
        }));
      }
      return cache.get(key)!;
    };
    const show = (m: Measured) => JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(3) : v])));

    test('"deep voice" lowers the median f0 by 2 semitones or more; "high-pitched" raises it', async () => {
      const [plain, deep, high] = await Promise.all([styled(), styled('Use a deep voice.'), styled('high-pitched')]);
      assert.equal(plain.style, null, 'no instructions, no style header');
      assert.match(deep.style ?? '', /pitch=-\d/);
      assert.ok(semitones(plain.medianF0, deep.medianF0) <= -2, `deep ${deep.medianF0} vs ${plain.medianF0} Hz`);
      assert.ok(semitones(plain.medianF0, high.medianF0) >= 2, `high ${high.medianF0} vs ${plain.medianF0} Hz`);
    });

    test('"slowly" lengthens the audio by 15 % or more', async () => {
      const [plain, slow] = await Promise.all([styled(), styled('Speak slowly.')]);
      assert.ok(slow.seconds >= plain.seconds * 1.15, `${slow.seconds} s vs ${plain.seconds} s`);
    });

    test('"monotone" narrows the f0 range', async () => {
      const [plain, flat] = await Promise.all([styled(), styled('monotone')]);
      assert.ok(flat.rangeSt < plain.rangeSt * 0.6, `range ${flat.rangeSt} vs ${plain.rangeSt} semitones`);
    });

    test('"whisper" removes voicing', async () => {
      const [plain, whisper] = await Promise.all([styled(), styled('Whisper.')]);
      assert.ok(plain.voiced > 0.4, `normal speech is voiced: ${show(plain)}`);
      assert.ok(whisper.voiced < 0.1, `whisper has f0 in ${(whisper.voiced * 100).toFixed(1)} % of frames`);
      assert.match(whisper.style ?? '', /whisper/);
    });

    test('"loud" and "soft" move the RMS level by 4 dB or more', async () => {
      const [plain, loud, soft] = await Promise.all([styled(), styled('loud'), styled('soft')]);
      assert.ok(loud.rmsDb - plain.rmsDb >= 4, `loud ${loud.rmsDb} vs ${plain.rmsDb} dB`);
      assert.ok(plain.rmsDb - soft.rmsDb >= 4, `soft ${soft.rmsDb} vs ${plain.rmsDb} dB`);
    });

    test('"cheerful" has a higher mean f0 and a wider range than "sad"', async () => {
      const [cheerful, sad] = await Promise.all([styled('cheerful'), styled('sad')]);
      assert.ok(cheerful.meanF0 > sad.meanF0 * 2 ** (2 / 12), `mean ${cheerful.meanF0} vs ${sad.meanF0} Hz`);
      assert.ok(cheerful.rangeSt > sad.rangeSt, `range ${cheerful.rangeSt} vs ${sad.rangeSt} semitones`);
    });

    test('"dramatic pauses" lengthen the silences', async () => {
      const [plain, paused] = await Promise.all([styled(), styled('Use dramatic pauses.')]);
      // One sentence break (+700 ms) and one comma (+250 ms) in the text.
      assert.ok(paused.silence >= plain.silence + 0.6, `silence ${paused.silence} s vs ${plain.silence} s`);
    });
  });
}

test('the seed example (Vietnamese, coral, cheerful) differs in pitch from the same request without instructions', async () => {
  const [plain, cheerful] = await Promise.all([speak(SEED), speak({ ...SEED, instructions: 'Speak in a cheerful and positive tone.' })]);
  assert.equal(plain.style, null);
  assert.match(cheerful.style ?? '', /pitch=\+/);
  const [a, b] = await Promise.all([measure(plain.bytes), measure(cheerful.bytes)]);
  assert.ok(semitones(a.medianF0, b.medianF0) >= 1.5, `median f0 ${b.medianF0} vs ${a.medianF0} Hz`);
});

test('speed and instructions multiply', async () => {
  const body = { model: 'espeak', voice: 'en-us', input: TEXT, response_format: 'wav' as const };
  const seconds = async (extra: object) => (await measure(new Uint8Array(await (await t.client.audio.speech.create({ ...body, ...extra })).arrayBuffer()))).seconds;
  const [base, slow, slowFast] = await Promise.all([seconds({}), seconds({ instructions: 'slowly' }), seconds({ instructions: 'slowly', speed: 2 })]);
  // `slowly` is 0.78x; with speed 2 it is 1.56x: faster than plain, not plain at speed 2 alone.
  assert.ok(slow > base * 1.15, `${slow} vs ${base}`);
  assert.ok(slowFast < base / 1.3 && slowFast > base / 1.85, `${slowFast} vs ${base}`);
});

test('a British accent picks the engine\'s British variant, keeping the gender', async () => {
  const [espeak, flite, female] = await Promise.all([
    t.client.audio.speech.create({ model: 'espeak', voice: 'en-us+f3', input: 'Hello.', instructions: 'British accent' }).asResponse(),
    t.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hello.', instructions: 'with a British accent' }).asResponse(),
    t.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello.', instructions: 'with a British accent' }).asResponse(),
  ]);
  assert.equal(espeak.headers.get('x-mynah-voice'), 'en-gb-x-rp+f3');
  assert.equal(espeak.headers.get('x-mynah-style'), 'accent=en-GB');
  assert.equal(flite.headers.get('x-mynah-voice'), 'awb', 'flite\'s one British voice, a man like alloy\'s kal16');
  // flite has no British woman: coral stays herself and the header does not claim an accent.
  assert.equal(female.headers.get('x-mynah-voice'), OPENAI_VOICE_MAP.flite.coral);
  assert.equal(female.headers.get('x-mynah-style'), null);
  await Promise.all([espeak, flite, female].map((r) => r.arrayBuffer()));
});

test('tts-1 ignores instructions, as OpenAI documents, unless the config flag allows them', async () => {
  const body = { model: 'tts-1', voice: 'alloy', input: 'Hello there.', response_format: 'wav' as const };
  const plain = await t.client.audio.speech.create(body).asResponse();
  const styled = await t.client.audio.speech.create({ ...body, instructions: 'whisper' }).asResponse();
  assert.equal(styled.status, 200);
  assert.equal(styled.headers.get('x-mynah-style'), null);
  const plainBytes = new Uint8Array(await plain.arrayBuffer());
  assert.deepEqual(Buffer.from(await styled.arrayBuffer()), Buffer.from(plainBytes));

  const open = await startServer({ modelsDir: store, workers: 1, instructionsAnyModel: true });
  try {
    const res = await open.client.audio.speech.create({ ...body, instructions: 'whisper' }).asResponse();
    assert.equal(res.headers.get('x-mynah-style'), 'loudness=-4dB; whisper');
    const [normal, whispered] = await Promise.all([measure(plainBytes), measure(new Uint8Array(await res.arrayBuffer()))]);
    assert.ok(whispered.voiced < normal.voiced / 3, `whispered on tts-1: f0 in ${whispered.voiced} of frames, normally ${normal.voiced}`);
  } finally {
    await open.close();
  }
});

test('the style header is exposed to browsers, and the SSE done event carries it', async () => {
  const res = await fetch(`${t.url}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://example.test' },
    body: JSON.stringify({ ...SEED, instructions: 'slowly', stream_format: 'sse' }),
  });
  assert.equal(res.headers.get('x-mynah-style'), 'rate=0.78');
  assert.match(res.headers.get('access-control-expose-headers') ?? '', /x-mynah-style/);
  const events = (await res.text()).split('\r\n\r\n').filter((e) => e.startsWith('data: {')).map((e) => JSON.parse(e.slice(6)));
  const done = events.find((e) => e.type === 'speech.audio.done');
  assert.equal(done.mynah_style, 'rate=0.78');
  assert.ok(done.usage.total_tokens > 0);
});

test('mynah instructions prints the style it reads', async () => {
  const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [cli, 'instructions', 'Speak slowly, in a deep voice, and whisper.']);
  assert.equal(stdout.trim(), 'rate=0.78; pitch=-4st; loudness=-4dB; whisper');
  const json = JSON.parse((await run(process.execPath, [cli, 'instructions', '--json', 'Sprich sehr schnell.'])).stdout);
  assert.ok(json.rate > 1.3, JSON.stringify(json));
  assert.equal((await run(process.execPath, [cli, 'instructions', 'Talk like a pirate.'])).stdout.trim(), '(no change: the voice as it is)');
  // `say --instructions` speaks with the style too.
  const seconds = async (extra: string[]) => {
    const { stdout } = await run(process.execPath, [cli, 'say', '-q', '-f', 'wav', '-o', '-', '--model', 'espeak', '--voice', 'en-us', ...extra, 'Hello there, this is a test.'], { encoding: 'buffer', env: { ...process.env, MYNAH_MODELS_DIR: store } });
    return (await measure(new Uint8Array(stdout))).seconds;
  };
  const [plain, slow] = await Promise.all([seconds([]), seconds(['--instructions', 'very slowly'])]);
  assert.ok(slow > plain * 1.2, `${slow} vs ${plain} s`);
});

test('the result cache keeps styled and plain audio apart', async () => {
  const cached = await startServer({ modelsDir: store, workers: 1, cacheMb: 8 });
  try {
    const body = { model: 'espeak', voice: 'en-us', input: 'Hello there.', response_format: 'wav' as const };
    const bytes = async (extra: object) => Buffer.from(await (await cached.client.audio.speech.create({ ...body, ...extra })).arrayBuffer());
    const plain = await bytes({});
    assert.notDeepEqual(await bytes({ instructions: 'whisper' }), plain);
    assert.deepEqual(await bytes({}), plain);
  } finally {
    await cached.close();
  }
});
