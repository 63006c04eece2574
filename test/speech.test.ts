// End to end over a real socket with the official `openai` client: formats, SSE, streaming.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Stream } from 'openai/streaming';
import { RESPONSE_FORMATS } from '../src/contract.js';
import { concatBytes, longText, probe, readTimed, startServer, type TestServer } from './helpers.js';

const SENTENCE = 'The quick brown fox jumped over the lazy dog.';
const CODECS = { mp3: 'mp3', opus: 'opus', aac: 'aac', flac: 'flac', wav: 'pcm_s16le', pcm: 'pcm_s16le' } as const;
const TYPES = { mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' } as const;

let t: TestServer;
before(async () => { t = await startServer(); });
after(async () => { await t.close(); });

describe('POST /v1/audio/speech through the openai SDK', () => {
  let reference: number;

  test('pcm is raw 24 kHz s16le mono, as long as the sentence takes to say', async () => {
    const res = await t.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: SENTENCE, response_format: 'pcm' });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length % 2, 0);
    reference = bytes.length / 2 / 24000;
    // Nine words at a normal speaking rate: about 2 to 4 seconds.
    assert.ok(reference > 1.8 && reference < 4.5, `duration ${reference}`);
  });

  for (const format of RESPONSE_FORMATS) {
    test(`${format}: right content type, chunked, decodes with the right codec and duration`, async () => {
      const { data, response, request_id } = await t.client.audio.speech
        .create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: SENTENCE, response_format: format })
        .withResponse();
      assert.equal(response.headers.get('content-type'), TYPES[format]);
      assert.equal(response.headers.get('content-length'), null);
      assert.equal(response.headers.get('transfer-encoding'), 'chunked');
      assert.match(request_id ?? '', /^req_[0-9a-f]{32}$/);
      const bytes = Buffer.from(await data.arrayBuffer());
      const p = await probe(bytes, format === 'opus' ? 'ogg' : format, format === 'pcm');
      assert.equal(p.codec, CODECS[format]);
      assert.equal(p.channels, 1);
      assert.equal(p.sampleRate, format === 'opus' ? 48000 : 24000);
      // Codec padding (encoder delay, frame rounding) adds a little; never more than 0.15 s.
      assert.ok(Math.abs(p.duration - reference) < 0.15, `${format} lasts ${p.duration}s, pcm ${reference}s`);
      if (format === 'wav') assert.equal(bytes.subarray(0, 44).toString('hex'), '52494646ffffffff57415645666d74201000000001000100c05d000080bb000002001000' + '64617461ffffffff');
    });
  }

  test('mp3 is the default format', async () => {
    const res = await t.client.audio.speech.create({ model: 'tts-1', voice: 'echo', input: 'Hello there.' });
    assert.equal(res.headers.get('content-type'), 'audio/mpeg');
    assert.equal((await probe(Buffer.from(await res.arrayBuffer()), 'mp3')).codec, 'mp3');
  });

  test('the Accept header never changes the format', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream, audio/wav' },
      body: JSON.stringify({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hi.' }),
    });
    assert.equal(res.headers.get('content-type'), 'audio/mpeg');
    await res.arrayBuffer();
  });

  test('null optional fields and unknown extra fields are accepted', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts-1', voice: 'nova', input: 'Hi.', speed: null, response_format: null, instructions: null, stream_format: null, stream: true, language: 'en' }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'audio/mpeg');
    await res.arrayBuffer();
  });

  test('the voice object form { id } works', async () => {
    const res = await t.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: { id: 'slt' } as never, input: 'Hi.', response_format: 'wav' });
    assert.equal(res.headers.get('x-mynah-voice'), 'slt');
    await res.arrayBuffer();
  });

  test('speed changes the duration through the engine', async () => {
    const durationAt = async (speed: number) => {
      const res = await t.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: SENTENCE, response_format: 'pcm', speed });
      return (await res.arrayBuffer()).byteLength / 2 / 24000;
    };
    const [slow, fast] = [await durationAt(0.5), await durationAt(2)];
    assert.ok(slow / reference > 1.7 && slow / reference < 2.3, `speed 0.5: ${slow}s vs ${reference}s`);
    assert.ok(reference / fast > 1.7 && reference / fast < 2.3, `speed 2: ${fast}s vs ${reference}s`);
  });

  test('espeak-ng speed beyond its rate range is finished by time-stretching', async () => {
    const durationAt = async (speed: number) => {
      const res = await t.client.audio.speech.create({ model: 'espeak', voice: 'en-us', input: SENTENCE, response_format: 'pcm', speed });
      return (await res.arrayBuffer()).byteLength / 2 / 24000;
    };
    const [normal, fastest] = [await durationAt(1), await durationAt(4)];
    assert.ok(normal / fastest > 3.4 && normal / fastest < 4.6, `speed 4: ${fastest}s vs ${normal}s`);
  });
});

describe('stream_format: sse', () => {
  test('OpenAI framing: data lines only, CRLF, deltas then done with usage then [DONE]', async () => {
    const body = { model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hello, world! This is a streaming test.', stream_format: 'sse' };
    const res = await fetch(`${t.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const text = await res.text();
    const events = text.split('\r\n\r\n');
    assert.equal(events.pop(), '', 'stream ends with a blank line');
    assert.equal(events.at(-1), 'data: [DONE]');
    for (const e of events) assert.match(e, /^data: /);
    assert.ok(!/\n(?!$)/.test(text.replace(/\r\n/g, '')), 'no bare LF line endings');
    const done = JSON.parse(events.at(-2)!.slice(6));
    assert.deepEqual(Object.keys(done), ['type', 'usage']);
    assert.equal(done.type, 'speech.audio.done');
    assert.equal(done.usage.total_tokens, done.usage.input_tokens + done.usage.output_tokens);
    assert.equal(done.usage.input_tokens, 10);
    assert.ok(done.usage.output_tokens > 40);
    const deltas = events.slice(0, -2).map((e) => JSON.parse(e.slice(6)));
    assert.ok(deltas.length >= 1);
    for (const d of deltas) assert.deepEqual(Object.keys(d), ['type', 'audio']);
  });

  for (const format of ['mp3', 'wav', 'opus'] as const) {
    test(`${format}: reassembled deltas are exactly the bytes of the audio stream, and decode`, async () => {
      const req = { model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Two sentences here. And here is the second one.', response_format: format };
      const audio = Buffer.from(await (await t.client.audio.speech.create(req)).arrayBuffer());
      const res = await t.client.audio.speech.create({ ...req, stream_format: 'sse' });
      const parts: Buffer[] = [];
      let usage: unknown;
      for await (const ev of Stream.fromSSEResponse<any>(res, new AbortController())) {
        if (ev.type === 'speech.audio.delta') parts.push(Buffer.from(ev.audio, 'base64'));
        else if (ev.type === 'speech.audio.done') usage = ev.usage;
      }
      assert.ok(usage);
      const joined = Buffer.concat(parts);
      if (format === 'opus') {
        // Ogg pages carry a random stream serial, so compare what they decode to instead.
        assert.ok(Math.abs((await probe(joined, 'ogg')).duration - (await probe(audio, 'ogg')).duration) < 0.01);
      } else {
        assert.ok(joined.equals(audio), 'SSE bytes differ from the audio stream');
      }
      assert.equal((await probe(joined, format === 'opus' ? 'ogg' : format)).codec, CODECS[format]);
    });
  }
});

describe('streaming', () => {
  test('the first chunk of a 3,000-character input arrives well before the last', async () => {
    const res = await fetch(`${t.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: longText(3000), response_format: 'mp3' }),
    });
    const chunks = await readTimed(res.body!);
    assert.ok(chunks.length > 3, `${chunks.length} chunks`);
    const first = chunks[0].at;
    const last = chunks.at(-1)!.at;
    assert.ok(first < last / 4, `first chunk at ${first.toFixed(1)} ms, last at ${last.toFixed(1)} ms`);
    const p = await probe(concatBytes(chunks.map((c) => c.bytes)), 'mp3');
    // ~3,000 characters of prose is about three minutes of speech.
    assert.ok(p.duration > 120 && p.duration < 300, `duration ${p.duration}`);
  });

  test('many requests at once all succeed, more than one per worker', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      const res = await t.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: `${longText(700)} Request ${i}.`, response_format: 'pcm' });
      return (await res.arrayBuffer()).byteLength;
    }));
    for (const bytes of results) assert.ok(bytes > 24000 * 2 * 20, `${bytes} bytes`);
  });

  test('a job split across two workers (MYNAH_SPLIT_JOBS) gives the same audio', async () => {
    const split = await startServer({ splitJobs: true });
    try {
      const body = { model: 'tts-1', voice: 'alloy', input: longText(2500), response_format: 'wav' } as const;
      const [one, two] = await Promise.all([t, split].map(async (s) => Buffer.from(await (await s.client.audio.speech.create(body)).arrayBuffer())));
      assert.ok(one.length > 24000 * 2 * 60, `${one.length} bytes`);
      assert.ok(one.equals(two), 'split output differs');
    } finally {
      await split.close();
    }
  });

  test('/health answers while a long synthesis is running', async () => {
    const speech = fetch(`${t.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'espeak', voice: 'en-us', input: longText(4000), response_format: 'flac', speed: 0.25 }),
    }).then(async (res) => { await res.arrayBuffer(); return performance.now(); });
    await new Promise((r) => setTimeout(r, 50));
    const health = await fetch(`${t.url}/health`);
    const healthAt = performance.now();
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, 'ok');
    const speechDoneAt = await speech;
    assert.ok(healthAt < speechDoneAt, 'health had to wait for synthesis');
  });
});
