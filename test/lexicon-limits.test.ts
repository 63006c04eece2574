// The lexicon as an attack surface: loaded and checked at start-up (a malformed or oversized file
// stops the server, naming the file), bounded in size and expansion, written atomically without
// blocking, and configured from src/config/ only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { buildServer } from '../src/server/app.js';
import { LEXICON_LIMITS, loadLexicon } from '../src/text/lexicon.js';
import { startServer, type TestServer } from './helpers.js';

let root: string;
before(async () => { root = await mkdtemp(join(tmpdir(), 'mynah-lexlim-')); });
after(async () => { await rm(root, { recursive: true, force: true }); });

let n = 0;
async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = join(root, `case${++n}`);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const configFor = (lexiconDir: string) => loadConfig({}, { host: '127.0.0.1', port: 0, logLevel: 'silent', workers: 1, lexiconDir });
const entries = (count: number) => JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [`word${i}`, `replacement ${i}`])));

describe('start-up', () => {
  test('a malformed xx.json stops start-up with a message naming the file', async () => {
    const dir = await folderWith({ 'en.json': '{"ok": "fine"}', 'de.json': '{"zug": "tsuug",' });
    await assert.rejects(buildServer(configFor(dir)), (err: Error) => {
      assert.match(err.message, /lexicon file .*de\.json: not valid JSON/);
      return true;
    });
  });

  test('a file that is not an object of strings stops start-up', async () => {
    for (const [text, why] of [['["a"]', /expected an object/], ['{"a": 1}', /replacement for "a" is not a string/], ['null', /expected an object/]] as const) {
      const dir = await folderWith({ 'fr.json': text });
      await assert.rejects(buildServer(configFor(dir)), (err: Error) => {
        assert.match(err.message, /fr\.json/);
        assert.match(err.message, why);
        return true;
      });
    }
  });

  test('an oversized lexicon stops start-up: too many entries, too long, too much expansion', async () => {
    const cases: [string, RegExp][] = [
      [entries(LEXICON_LIMITS.entriesPerLanguage + 1), /more than 5000 entries/],
      [JSON.stringify({ zq: 'z'.repeat(300) }), /at most 200 characters/],
      [JSON.stringify({ zq: "zq ".repeat(20) }), /shorter than 8 times its word/],
      [JSON.stringify({ [`w${'x'.repeat(200)}`]: 'short' }), /word must be 1 to 100/],
      [JSON.stringify({ ' spaced ': 'x' }), /leading or trailing/],
    ];
    for (const [text, why] of cases) {
      const dir = await folderWith({ 'en.json': text });
      await assert.rejects(buildServer(configFor(dir)), (err: Error) => {
        assert.match(err.message, /en\.json/);
        assert.match(err.message, why);
        return true;
      });
    }
  });

  test('a good lexicon is loaded at start-up, from the folder the config names', async () => {
    const dir = await folderWith({ 'en.json': '{"Mynah": "my nah", "__proto__": "proto"}' });
    const config = loadConfig({ MYNAH_LEXICON_DIR: dir }, { host: '127.0.0.1', port: 0, logLevel: 'silent', workers: 1 });
    assert.equal(config.lexiconDir, dir);
    const t = await startServer(config);
    try {
      const list = await (await fetch(`${t.url}/v1/audio/lexicon`)).json() as { data: unknown[] };
      assert.deepEqual(list.data, [
        { language: 'en', word: '__proto__', replacement: 'proto' },
        { language: 'en', word: 'mynah', replacement: 'my nah' },
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('writes', () => {
  let t: TestServer;
  let dir: string;
  before(async () => {
    dir = await folderWith({ 'it.json': entries(LEXICON_LIMITS.entriesPerLanguage) });
    t = await startServer({ lexiconDir: dir });
  });
  after(() => t.close());

  const put = (body: object) => fetch(`${t.url}/v1/audio/lexicon`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('a replacement that blows up its word is 400: the 500-character "zq" of the report cannot be stored', async () => {
    for (const replacement of ['x'.repeat(500), 'zq '.repeat(9), 'a'.repeat(24)]) {
      const res = await put({ language: 'en', word: 'zq', replacement });
      assert.equal(res.status, 400, replacement);
      const body = await res.json() as { error: { param: string; code: string } };
      assert.equal(body.error.param, 'replacement');
    }
    assert.deepEqual(await readdir(dir), ['it.json']);
  });

  test('the largest allowed entries grow a text at most 8 times', async () => {
    const res = await put({ language: 'en', word: 'zq', replacement: 'z'.repeat(8 * 3 - 1) });
    assert.equal(res.status, 200);
    const input = 'zq '.repeat(1365);
    const out = t.server.services.lexicon.apply(input, 'en');
    assert.ok(out.length <= 8 * (input.length + 1), `${input.length} -> ${out.length}`);
    assert.ok(out.length > 4 * input.length, 'the entry was applied');
    assert.equal((await fetch(`${t.url}/v1/audio/lexicon?language=en&word=zq`, { method: 'DELETE' })).status, 200);
  });

  test('a full language takes no new word (400 lexicon_full), but an existing one can change', async () => {
    const full = await put({ language: 'it', word: 'nuovo', replacement: 'nuovo' });
    assert.equal(full.status, 400);
    assert.equal((await full.json() as { error: { code: string } }).error.code, 'lexicon_full');
    const change = await put({ language: 'it', word: 'word7', replacement: 'parola' });
    assert.equal(change.status, 200);
    assert.equal(JSON.parse(await readFile(join(dir, 'it.json'), 'utf8')).word7, 'parola');
  });

  test('concurrent writes all land, in one well-formed file, with no temporary files left', async () => {
    const words = Array.from({ length: 25 }, (_, i) => `conc${i}`);
    const results = await Promise.all(words.map((word) => put({ language: 'es', word, replacement: `${word} x` })));
    assert.deepEqual(results.map((r) => r.status), words.map(() => 200));
    const onDisk = JSON.parse(await readFile(join(dir, 'es.json'), 'utf8'));
    assert.deepEqual(Object.keys(onDisk).sort(), [...words].sort());
    assert.ok((await readdir(dir)).every((f) => f.endsWith('.json')), 'no .tmp files');
    // What is on disk is what a restart loads.
    assert.equal(loadLexicon(dir).list('es').length, 25);
    const deletes = await Promise.all(words.map((word) => fetch(`${t.url}/v1/audio/lexicon?language=es&word=${word}`, { method: 'DELETE' })));
    assert.deepEqual(deletes.map((r) => r.status), words.map(() => 200));
    assert.ok(!(await readdir(dir)).includes('es.json'), 'an emptied language leaves no file');
  });
});

describe('settings from src/config/', () => {
  test('MYNAH_DEBUG_STATS is read by loadConfig; /debug/stats exists only when it is on', async () => {
    assert.equal(loadConfig({ MYNAH_DEBUG_STATS: '1' }).debugStats, true);
    assert.equal(loadConfig({}).debugStats, false);
    const off = await startServer({ workers: 1, lexiconDir: join(root, 'none') });
    try {
      assert.equal((await fetch(`${off.url}/debug/stats`)).status, 404);
    } finally {
      await off.close();
    }
    const on = await startServer({ workers: 1, debugStats: true, lexiconDir: join(root, 'none') });
    try {
      // No keys: admin routes are served to loopback clients.
      assert.equal((await fetch(`${on.url}/debug/stats`)).status, 200);
    } finally {
      await on.close();
    }
  });
});
