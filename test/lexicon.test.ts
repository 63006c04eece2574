// The pronunciation lexicon over HTTP, and normalization end to end: what the engine is given
// changes the audio it makes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from './helpers.js';

let t: TestServer;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mynah-lexicon-'));
  t = await startServer({ lexiconDir: dir });
});
after(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${t.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: await res.json() as any };
};

async function seconds(input: string, model = 'tts-1', voice = 'alloy'): Promise<number> {
  const res = await t.client.audio.speech.create({ model, voice, input, response_format: 'pcm' });
  return Buffer.from(await res.arrayBuffer()).length / 2 / 24000;
}

describe('/v1/audio/lexicon', () => {
  test('PUT adds an entry, GET lists it, the file on disk holds it', async () => {
    const put = await call('PUT', '/v1/audio/lexicon', { language: 'en', word: 'Mynah', replacement: 'my nah' });
    assert.equal(put.status, 200);
    assert.deepEqual(put.json, { object: 'lexicon.entry', language: 'en', word: 'mynah', replacement: 'my nah' });
    const list = await call('GET', '/v1/audio/lexicon');
    assert.deepEqual(list.json.data, [{ language: 'en', word: 'mynah', replacement: 'my nah' }]);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'en.json'), 'utf8')), { mynah: 'my nah' });
    assert.deepEqual((await call('GET', '/v1/audio/lexicon?language=de')).json.data, []);
  });

  for (const [name, body, param] of [
    ['missing replacement', { language: 'en', word: 'x' }, 'replacement'],
    ['bad language', { language: 'english', word: 'x', replacement: 'y' }, 'language'],
    ['blank word', { language: 'en', word: '  ', replacement: 'y' }, 'word'],
    ['extra field', { language: 'en', word: 'x', replacement: 'y', ipa: 'z' }, null],
    ['number as word', { language: 'en', word: 5, replacement: 'y' }, 'word'],
  ] as const) {
    test(`PUT with ${name} is a 400 in OpenAI's envelope`, async () => {
      const res = await call('PUT', '/v1/audio/lexicon', body);
      assert.equal(res.status, 400);
      assert.equal(res.json.error.type, 'invalid_request_error');
      assert.equal(typeof res.json.error.message, 'string');
      if (param) assert.equal(res.json.error.param, param);
    });
  }

  test('PUT with a body that is not JSON is a 400', async () => {
    const res = await fetch(`${t.url}/v1/audio/lexicon`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{nope' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as any).error.type, 'invalid_request_error');
  });

  test('DELETE removes an entry; a missing one is a 404, missing parameters a 400', async () => {
    await call('PUT', '/v1/audio/lexicon', { language: 'de', word: 'Zug', replacement: 'Tsuug' });
    assert.equal((await call('DELETE', '/v1/audio/lexicon?language=de&word=zug')).status, 200);
    const again = await call('DELETE', '/v1/audio/lexicon?language=de&word=zug');
    assert.equal(again.status, 404);
    assert.equal(again.json.error.code, 'not_found');
    const bad = await call('DELETE', '/v1/audio/lexicon?language=de');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.param, 'word');
  });
});

describe('normalization end to end', () => {
  test('number-heavy text is spoken in words: far longer than its digits alone', async () => {
    const digitsOnly = await seconds('4 3 2 1.');
    const withNumbers = await seconds('It cost $4,321.99 on 3/14/2025 at 10:30 AM, about 25% more than the 1,250 km trip.');
    const asWords = await seconds('four thousand three hundred twenty-one dollars and ninety-nine cents.');
    assert.ok(withNumbers > 4 * digitsOnly, `${withNumbers}s vs ${digitsOnly}s`);
    assert.ok(asWords > 2 * digitsOnly, `${asWords}s vs ${digitsOnly}s`);
  });

  test('a lexicon entry changes what is spoken', async () => {
    const before = await seconds('Ask Zorblax today.', 'espeak', 'en-us');
    const put = await call('PUT', '/v1/audio/lexicon', { language: 'en', word: 'zorblax', replacement: 'zor blax, the very tall and very kind old teacher,' });
    assert.equal(put.status, 200);
    const afterSecs = await seconds('Ask Zorblax today.', 'espeak', 'en-us');
    // Spoken by eSpeak NG: flite's WASI build crashes the process now and then on this sequence.
    assert.ok(afterSecs > before + 1, `${afterSecs}s vs ${before}s`);
    await call('DELETE', '/v1/audio/lexicon?language=en&word=zorblax');
    assert.ok(Math.abs((await seconds('Ask Zorblax today.', 'espeak', 'en-us')) - before) < 0.05);
  });
});
