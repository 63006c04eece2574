// Book-length jobs in one process: submit, progress, one proper file in order, cancel, errors, keys.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GAP_SAMPLES } from '../src/jobs/assemble.js';
import { splitPieces } from '../src/cli/book.js';
import { longText, probe, startServer, type TestServer } from './helpers.js';

/** Three paragraphs of about 3,500 characters: three pieces. */
export const book = () => [longText(3500), longText(3400).split('. ').reverse().join('. '), longText(3300).toUpperCase()].join('\n\n');

export async function waitFor(url: string, headers: Record<string, string> = {}, until = (s: string) => s !== 'queued' && s !== 'running') {
  for (;;) {
    const res = await fetch(url, { headers });
    const body = await res.json();
    if (until(body.status)) return body;
    await new Promise((r) => setTimeout(r, 200));
  }
}

let t: TestServer;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mynah-jobs-'));
  t = await startServer({ jobsDir: dir, apiKeys: ['sk-alice', 'sk-bob'] }, 'sk-alice');
});
after(async () => { await t.close(); await rm(dir, { recursive: true, force: true }); });

const alice = { authorization: 'Bearer sk-alice', 'content-type': 'application/json' };

describe('jobs in one process', () => {
  test('a job returns at once, reports progress, and its file is every piece once, in order', async () => {
    const text = book();
    const pieces = splitPieces(text);
    assert.equal(pieces.length, 3);
    const res = await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: alice, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: text, response_format: 'pcm' }) });
    assert.equal(res.status, 202);
    const created = await res.json();
    assert.match(created.id, /^job_[0-9a-f]{24}$/);
    assert.equal(res.headers.get('location'), `/v1/audio/jobs/${created.id}`);
    assert.equal(created.progress.pieces_total, 3);
    assert.ok(['queued', 'running'].includes(created.status));

    const early = await fetch(`${t.url}/v1/audio/jobs/${created.id}/content`, { headers: alice });
    if (early.status !== 200) assert.equal((await early.json()).error.code, 'job_not_completed');

    const done = await waitFor(`${t.url}/v1/audio/jobs/${created.id}`, alice);
    assert.equal(done.status, 'completed');
    assert.equal(done.progress.pieces_done, 3);
    assert.equal(done.progress.characters_done, done.progress.characters_total);
    assert.equal(done.progress.eta_seconds, 0);

    const content = await fetch(`${t.url}/v1/audio/jobs/${created.id}/content`, { headers: alice });
    assert.equal(content.status, 200);
    assert.equal(content.headers.get('content-type'), 'audio/pcm');
    const got = Buffer.from(await content.arrayBuffer());

    // The same pieces spoken one by one as speech requests, joined by the same gaps.
    const expected: Buffer[] = [];
    for (const [i, input] of pieces.entries()) {
      if (i) expected.push(Buffer.alloc(GAP_SAMPLES * 2));
      const one = await t.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input, response_format: 'pcm' });
      expected.push(Buffer.from(await one.arrayBuffer()));
    }
    assert.ok(got.equals(Buffer.concat(expected)), `job audio (${got.length} bytes) differs from the pieces in order (${Buffer.concat(expected).length})`);
    assert.equal(done.progress.audio_seconds, +(got.length / 2 / 24000).toFixed(3));
  });

  test('a book as text/plain upload becomes one mp3 that decodes whole', async () => {
    const text = book();
    const res = await fetch(`${t.url}/v1/audio/jobs?model=tts-1&voice=echo&response_format=mp3`, { method: 'POST', headers: { authorization: 'Bearer sk-alice', 'content-type': 'text/plain' }, body: text });
    assert.equal(res.status, 202);
    const { id } = await res.json();
    const done = await waitFor(`${t.url}/v1/audio/jobs/${id}`, alice);
    assert.equal(done.status, 'completed');
    const mp3 = Buffer.from(await (await fetch(`${t.url}/v1/audio/jobs/${id}/content`, { headers: alice })).arrayBuffer());
    const p = await probe(mp3, 'mp3');
    assert.equal(p.codec, 'mp3');
    // One encoder: the decoded length is the pieces' length (mp3 adds at most a frame or two).
    assert.ok(Math.abs(p.duration - done.progress.audio_seconds) < 0.2, `${p.duration} vs ${done.progress.audio_seconds}`);
  });

  test('DELETE cancels a running job and removes its pieces', async () => {
    const text = Array.from({ length: 6 }, () => longText(3500)).join('\n\n');
    const { id } = await (await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: alice, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: text }) })).json();
    const del = await fetch(`${t.url}/v1/audio/jobs/${id}`, { method: 'DELETE', headers: { authorization: alice.authorization } });
    assert.equal(del.status, 200);
    const body = await del.json();
    assert.equal(body.status, 'cancelled');
    assert.equal(body.deleted, true);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await (await fetch(`${t.url}/v1/audio/jobs/${id}`, { headers: alice })).json()).status, 'cancelled');
    assert.equal((await fetch(`${t.url}/v1/audio/jobs/${id}/content`, { headers: alice })).status, 409);
    assert.ok(!(await readdir(dir)).includes(id));
  });

  test('a book as a multipart upload (the text as a file, the rest as form fields) is spoken like the same JSON job', async () => {
    const text = book();
    const form = new FormData();
    form.append('model', 'tts-1');
    form.append('voice', 'echo');
    form.append('response_format', 'pcm');
    form.append('speed', '1.25');
    form.append('file', new Blob([text], { type: 'text/plain; charset=utf-8' }), 'book.txt');
    const res = await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: { authorization: 'Bearer sk-alice' }, body: form });
    assert.equal(res.status, 202, await res.clone().text());
    const { id, progress } = await res.json();
    assert.equal(progress.pieces_total, 3);
    assert.equal(progress.characters_total, splitPieces(text).reduce((n, p) => n + [...p].length, 0));
    const viaJson = await (await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: alice, body: JSON.stringify({ model: 'tts-1', voice: 'echo', response_format: 'pcm', speed: 1.25, input: text }) })).json();
    assert.equal((await waitFor(`${t.url}/v1/audio/jobs/${id}`, alice)).status, 'completed');
    assert.equal((await waitFor(`${t.url}/v1/audio/jobs/${viaJson.id}`, alice)).status, 'completed');
    const audio = async (jobId: string) => Buffer.from(await (await fetch(`${t.url}/v1/audio/jobs/${jobId}/content`, { headers: alice })).arrayBuffer());
    assert.ok((await audio(id)).equals(await audio(viaJson.id)), 'the upload and the JSON job differ');
  });

  test('multipart uploads refused in OpenAI envelope: not text 415, not UTF-8 400, too large 413, no file 400', async () => {
    const upload = async (file: Blob | undefined) => {
      const form = new FormData();
      form.append('model', 'tts-1');
      form.append('voice', 'alloy');
      if (file) form.append('file', file, 'book');
      const res = await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: { authorization: 'Bearer sk-alice' }, body: form });
      const body = await res.json();
      assert.equal(typeof body.error?.message, 'string', JSON.stringify(body));
      assert.equal(res.headers.get('x-should-retry'), 'false');
      return { status: res.status, code: body.error.code as string | null, param: body.error.param as string | null };
    };
    assert.deepEqual(await upload(new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2])], { type: 'application/pdf' })), { status: 415, code: 'unsupported_media_type', param: 'file' });
    assert.deepEqual(await upload(new Blob([new Uint8Array([0x48, 0x69, 0xff, 0xfe, 0x21])], { type: 'text/plain' })), { status: 400, code: 'invalid_encoding', param: 'file' });
    const limit = t.server.services.config.jobsMaxChars;
    assert.deepEqual(await upload(new Blob(['a'.repeat(limit + 1)], { type: 'text/plain' })), { status: 413, code: 'file_too_large', param: 'file' });
    assert.deepEqual(await upload(new Blob(['\u00e9'.repeat(limit * 2 + 1)], { type: 'text/plain' })), { status: 413, code: 'file_too_large', param: 'file' });
    assert.deepEqual(await upload(undefined), { status: 400, code: 'missing_required_parameter', param: 'file' });
  });

  test('errors in OpenAI envelope: bad voice, empty input, unknown id, bad id', async () => {
    const bad = await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: alice, body: JSON.stringify({ model: 'tts-1', voice: 'nobody-here', input: 'Hello.' }) });
    assert.equal(bad.status, 400);
    assert.equal(typeof (await bad.json()).error.message, 'string');
    const empty = await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: alice, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: '\n\n  \n' }) });
    assert.equal(empty.status, 400);
    const missing = await fetch(`${t.url}/v1/audio/jobs/job_${'0'.repeat(24)}`, { headers: alice });
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, 'not_found');
    assert.equal((await fetch(`${t.url}/v1/audio/jobs/../../etc`, { headers: alice })).status, 404);
    assert.equal((await fetch(`${t.url}/v1/audio/jobs/nope`, { headers: alice })).status, 400);
  });

  test('jobs need a key, on odd paths too, and are seen only by the key that made them', async () => {
    for (const path of ['/v1/audio/jobs', '/%761/audio/jobs', '/v1/audio/%6Aobs', '/v1//audio/jobs']) {
      const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Hi.' }) });
      assert.ok(res.status === 401 || res.status === 404, `${path}: ${res.status}`);
    }
    const { id } = await (await fetch(`${t.url}/v1/audio/jobs`, { method: 'POST', headers: alice, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Hi there.' }) })).json();
    const bob = { authorization: 'Bearer sk-bob' };
    assert.equal((await fetch(`${t.url}/v1/audio/jobs/${id}`, { headers: bob })).status, 404);
    assert.equal((await fetch(`${t.url}/v1/audio/jobs/${id}`, { method: 'DELETE', headers: bob })).status, 404);
    assert.equal((await fetch(`${t.url}/%761/audio/jobs/${id}`)).status, 401);
  });
});

describe('mynah say --server', () => {
  test('makes the same file through a job as mynah say makes locally, with progress', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const { readFile, writeFile } = await import('node:fs/promises');
    const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
    const run = (args: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, MYNAH_API_KEY: 'sk-alice', MYNAH_WORKERS: '1' } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
      child.stdin.end();
    });
    const input = join(dir, 'book.txt');
    await writeFile(input, `# Chapter One\n\n${Array.from({ length: 7 }, (_, i) => longText(3000 + i * 50)).join('\n\n')}`);
    const remote = await run(['say', '--server', `${t.url}/v1`, '-i', input, '-o', join(dir, 'remote.wav')]);
    assert.equal(remote.code, 0, remote.stderr);
    assert.match(remote.stderr, /\d+\/\d+ chars/);
    assert.match(remote.stderr, /wrote remote\.wav: .* from 7 pieces .*job job_/);
    const local = await run(['say', '-i', input, '-o', join(dir, 'local.wav'), '-q']);
    assert.equal(local.code, 0, local.stderr);
    const [a, b] = [await readFile(join(dir, 'remote.wav')), await readFile(join(dir, 'local.wav'))];
    assert.ok(a.equals(b), `remote ${a.length} bytes, local ${b.length} bytes`);
    const bad = await run(['say', '--server', 'http://127.0.0.1:1', 'Hello.', '-o', join(dir, 'x.mp3')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot reach/);
  });
});

describe('cross-site uploads', () => {
  test('a text/plain or multipart job from another origin is refused (403) before any job exists; own origin, allowed origins and no Origin pass', async () => {
    const jobsDir = await mkdtemp(join(tmpdir(), 'mynah-jobs-csrf-'));
    // No keys: the case where a web page could otherwise drive the server.
    const open = await startServer({ jobsDir, corsOrigin: 'https://friend.example' });
    try {
      const url = `${open.url}/v1/audio/jobs?model=tts-1&voice=alloy`;
      const plain = (origin?: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...(origin ? { origin } : {}) }, body: 'Hi.' });
      const form = (origin?: string) => {
        const f = new FormData();
        f.set('file', new Blob(['Hi.'], { type: 'text/plain' }), 'book.txt');
        return fetch(`${open.url}/v1/audio/jobs`, { method: 'POST', headers: origin ? { origin } : {}, body: f });
      };
      for (const res of [await plain('https://evil.example'), await form('https://evil.example'), await plain('null')]) {
        assert.equal(res.status, 403);
        assert.equal((await res.json()).error.code, 'cross_origin_upload');
      }
      assert.deepEqual(await readdir(jobsDir).then((d) => d.filter((n) => n.startsWith('job_'))), [], 'a refused upload created a job');
      for (const res of [await plain(), await form(), await plain(new URL(open.url).origin), await plain('https://friend.example')]) {
        assert.equal(res.status, 202, await res.text());
      }
    } finally {
      await open.close();
      await rm(jobsDir, { recursive: true, force: true });
    }
  });
});
