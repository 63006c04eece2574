// Models, voices, languages, cancellation and the CLI: the rest of the first issue's contract.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OPENAI_MODELS, OPENAI_VOICES } from '../src/contract.js';
import type { JobSettled } from '../src/synth/pool.js';
import { longText, probe, startServer, type TestServer } from './helpers.js';

let t: TestServer;
before(async () => { t = await startServer(); });
after(async () => { await t.close(); });

describe('models', () => {
  test('GET /v1/models lists OpenAI ids and engine ids in OpenAI shape', async () => {
    const ids: string[] = [];
    for await (const m of t.client.models.list()) {
      assert.equal(m.object, 'model');
      assert.equal(typeof m.created, 'number');
      assert.equal(typeof m.owned_by, 'string');
      ids.push(m.id);
    }
    for (const id of [...OPENAI_MODELS, 'flite', 'espeak']) assert.ok(ids.includes(id), `${id} missing`);
  });

  test('GET /v1/models/{id}', async () => {
    const m = await t.client.models.retrieve('tts-1-hd');
    assert.equal(m.id, 'tts-1-hd');
    assert.equal(m.created, 1699046015);
  });
});

describe('voices', () => {
  test('the 13 OpenAI names map to 13 distinct built-in voices', async () => {
    const res = await fetch(`${t.url}/v1/audio/voices?model=tts-1`);
    const body = await res.json();
    const openai = body.data.filter((v: { id: string }) => (OPENAI_VOICES as readonly string[]).includes(v.id));
    assert.equal(openai.length, 13);
    assert.equal(new Set(openai.map((v: { engine_voice: string }) => v.engine_voice)).size, 13);
    assert.ok(body.voices.includes('kal16'));
  });

  test('each OpenAI name is spoken, and sounds different from the others', async () => {
    const outputs = new Set<string>();
    for (const voice of OPENAI_VOICES) {
      const res = await t.client.audio.speech.create({ model: 'tts-1', voice, input: 'Good morning.', response_format: 'pcm' });
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.ok(bytes.length > 24000, `${voice} produced ${bytes.length} bytes`);
      outputs.add(bytes.toString('base64'));
    }
    assert.equal(outputs.size, 13);
  });

  test('engine voice names work as voices, across models', async () => {
    const res = await t.client.audio.speech.create({ model: 'tts-1', voice: 'de', input: 'Guten Morgen.', response_format: 'wav' });
    assert.equal(res.headers.get('x-mynah-engine'), 'espeak');
    assert.equal(res.headers.get('x-mynah-voice'), 'de');
    await res.arrayBuffer();
  });

  test('every espeak variant in the voice map loads', async () => {
    const res = await fetch(`${t.url}/v1/audio/voices?model=espeak`);
    const body = await res.json();
    for (const v of body.data.filter((x: { engine_voice?: string }) => x.engine_voice)) {
      const speech = await t.client.audio.speech.create({ model: 'espeak', voice: v.id, input: 'Hi.', response_format: 'pcm' });
      assert.equal(speech.headers.get('x-mynah-voice'), v.engine_voice);
      assert.ok((await speech.arrayBuffer()).byteLength > 0);
    }
  });
});

describe('languages', () => {
  test("the seeds' Vietnamese example comes back as Vietnamese speech", async () => {
    const res = await t.client.audio.speech.create({
      model: 'gpt-4o-mini-tts', input: 'Việt nam có đẹp không!', voice: 'coral', instructions: 'Speak in a cheerful and positive tone.',
    });
    assert.equal(res.headers.get('x-mynah-language'), 'vi');
    assert.equal(res.headers.get('x-mynah-engine'), 'espeak');
    assert.match(res.headers.get('x-mynah-voice') ?? '', /^vi\+f/); // coral is a female voice
    const p = await probe(Buffer.from(await res.arrayBuffer()), 'mp3');
    assert.equal(p.codec, 'mp3');
    assert.ok(p.duration > 0.7, `duration ${p.duration}`);
  });

  test('German and Russian text switch language; short English stays English', async () => {
    const cases: [string, string][] = [
      ['Guten Tag, wie geht es Ihnen heute? Das Wetter ist wirklich schön.', 'de'],
      ['Привет, как дела? Сегодня хорошая погода.', 'ru'],
      ['Hello, world!', 'en'],
    ];
    for (const [input, language] of cases) {
      const res = await t.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input, response_format: 'pcm' });
      assert.equal(res.headers.get('x-mynah-language'), language, input);
      await res.arrayBuffer();
    }
  });
});

describe('cancellation', () => {
  test('a client that disconnects mid-stream stops its synthesis', async () => {
    const body = { model: 'espeak', voice: 'en-us', input: longText(4000), response_format: 'wav' as const, speed: 0.25 };
    const full = await new Promise<JobSettled>((resolve) => {
      t.server.services.pool.once('settled', resolve);
      void t.client.audio.speech.create({ ...body, input: longText(600) }).then((r) => r.arrayBuffer());
    });
    assert.equal(full.outcome, 'done');

    const settled = new Promise<JobSettled>((resolve) => t.server.services.pool.once('settled', resolve));
    const abort = new AbortController();
    const res = await fetch(`${t.url}/v1/audio/speech`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: abort.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    const result = await settled;
    assert.equal(result.outcome, 'cancelled');
    // The full text is ~7 times longer than the 600-character reference; a stopped job makes
    // only a fraction of even the reference.
    assert.ok(result.stats.samples < full.stats.samples, `cancelled job made ${result.stats.samples} samples, 600 chars make ${full.stats.samples}`);
    assert.deepEqual(t.server.services.pool.load(), [0, 0]);
  });
});

describe('CLI', () => {
  const run = promisify(execFile);
  const cli = join(process.cwd(), 'dist/src/cli.js');

  test('mynah say writes a valid audio file in the format of its name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mynah-cli-'));
    const out = join(dir, 'hello.flac');
    const { stderr } = await run(process.execPath, [cli, 'say', 'Hello from the command line.', '-o', out, '--voice', 'nova', '--speed', '1.2']);
    assert.match(stderr, /wrote .*hello\.flac/);
    const p = await probe(await readFile(out), 'flac');
    assert.equal(p.codec, 'flac');
    assert.ok(p.duration > 1 && p.duration < 4);
  });

  test('--help for each command, and a clear error for bad flags', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['say', '--help']]) {
      const { stdout } = await run(process.execPath, [cli, ...args]);
      assert.match(stdout, /Usage/);
    }
    await assert.rejects(run(process.execPath, [cli, 'say', 'hi', '--speed', '9']), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr, /speed must be a number from 0.25 to 4/);
      return true;
    });
    await assert.rejects(run(process.execPath, [cli, 'say', 'hi', '--bogus']), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr, /Unknown option '--bogus'/);
      return true;
    });
  });
});
