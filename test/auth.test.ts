// Access control decided on the route the router matched: encoded, absolute-form, dotted and
// odd-case request targets sent over a raw socket must meet the same key check as the plain path,
// with no side effect; admin routes need the admin right; public routes are an explicit list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadConfig } from '../src/config/index.js';
import { parseGatewayConfig } from '../src/config/gateway.js';
import { buildServer } from '../src/server/app.js';
import { startServer, type TestServer } from './helpers.js';

const USER = 'sk-user-0123456789abcdef';
const ADMIN = 'sk-admin-0123456789abcdef';

interface RawResponse { status: number; head: string; body: string }

/** One HTTP/1.1 request written byte for byte (no URL normalization), over a fresh socket. */
export function rawRequest(url: string, method: string, target: string, headers: Record<string, string> = {}, body = ''): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? NaN);
      resolve({ status, head, body: split < 0 ? '' : text.slice(split + 4) });
    });
    const lines = [`${method} ${target} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close'];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    if (body) lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`);
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

/** Every route that needs a key (or the admin key), with a body or query that would succeed. */
/** A job id of the right form that no job has. */
const JOB = 'job_000000000000000000000000';
const PROTECTED: { method: string; path: string; query?: string; body?: string }[] = [
  { method: 'POST', path: '/v1/audio/speech', body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Hello.' }) },
  { method: 'GET', path: '/v1/models' },
  { method: 'GET', path: '/v1/models/tts-1' },
  { method: 'GET', path: '/v1/audio/voices', query: 'model=tts-1' },
  { method: 'GET', path: '/v1/audio/lexicon' },
  { method: 'PUT', path: '/v1/audio/lexicon', body: JSON.stringify({ language: 'en', word: 'pwned', replacement: 'owned' }) },
  { method: 'DELETE', path: '/v1/audio/lexicon', query: 'language=en&word=seed' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/debug/stats' },
  // Book-length jobs (issue 15) and the gateway's organization API (issue 12).
  { method: 'POST', path: '/v1/audio/jobs', body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Hello.' }) },
  { method: 'GET', path: `/v1/audio/jobs/${JOB}` },
  { method: 'GET', path: `/v1/audio/jobs/${JOB}/content` },
  { method: 'GET', path: `/v1/audio/jobs/${JOB}/content`, query: 'split=chapters' },
  { method: 'GET', path: `/v1/audio/jobs/${JOB}/chapters` },
  { method: 'GET', path: `/v1/audio/jobs/${JOB}/chapters/1/content` },
  { method: 'DELETE', path: `/v1/audio/jobs/${JOB}` },
  { method: 'GET', path: '/v1/organization/usage/audio_speeches', query: 'start_time=0' },
  { method: 'GET', path: '/v1/organization/costs', query: 'start_time=0' },
  { method: 'GET', path: '/v1/organization/gateway/keys' },
  { method: 'PUT', path: '/v1/organization/gateway/keys/x', body: '{}' },
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'];

/** Percent-encodes the characters at the chosen positions (upper or lower case hex). */
const encodeAt = (path: string, picks: boolean[], lower: boolean) => [...path].map((c, i) => {
  if (!picks[i % picks.length] || c === '/') return c;
  const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${lower ? hex : hex.toUpperCase()}`;
}).join('');

/** Ways to write a request target that a lenient router may still send to `path`. */
const target = (path: string) => fc.oneof(
  fc.constant(path),
  fc.tuple(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.boolean()).map(([picks, lower]) => encodeAt(path, picks, lower)),
  fc.constantFrom(
    path.replace('/v1/', '/%761/'), path.replace('/v1/', '/%76%31/'), path.replace('/v1/', '/v%31/'), path.replace('/v1/', '/%76%31%2f'),
    path.replace(/^\//, '/./'), path.replace('/v1/', '/v1/./'), path.replace('/v1/', '/v1/../v1/'), path.replace(/^\//, '/x/../'),
    path.replace(/\//g, '//'), `/${path}`, path.toUpperCase(), path.replace('/v1/', '/V1/'), `${path}/`, `${path}//`,
    `${path}?`, `${path}?x=1`, `${path}#frag`, `${path};x`, `${path}%20`, `${path}%00`, `${path}/.`,
    `http://x${path}`, `http://x:1${path}`, `HTTP://X${path.replace('/v1/', '/%761/')}`, `https://evil.test${path}`,
  ),
);

describe('keys are checked on the matched route, whatever the request target', () => {
  let t: TestServer;
  let dir: string;
  let data: string;
  let seedFile: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mynah-auth-'));
    seedFile = join(dir, 'en.json');
    await writeFile(seedFile, '{\n  "seed": "planted"\n}\n');
    // The gateway and jobs keep their data in a folder of their own, so `unchanged()` can look at both.
    data = await mkdtemp(join(tmpdir(), 'mynah-auth-data-'));
    const gateway = parseGatewayConfig({ databasePath: join(data, 'gateway.db'), cacheMb: 0, routes: { 'gw-model': ['local:flite'] } }, {}, data);
    t = await startServer({ apiKeys: [USER], adminKeys: [ADMIN], lexiconDir: dir, debugStats: true, gateway, jobsDir: join(data, 'jobs') }, USER);
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  });

  async function unchanged() {
    assert.deepEqual(await readdir(join(data, 'jobs')).catch(() => []), [], 'no job was created');
    assert.deepEqual(await readdir(dir), ['en.json'], 'no lexicon file was written');
    assert.equal(await readFile(seedFile, 'utf8'), '{\n  "seed": "planted"\n}\n', 'the lexicon file is untouched');
    assert.deepEqual(t.server.services.lexicon.list(), [{ language: 'en', word: 'seed', replacement: 'planted' }]);
  }

  test('every protected route, every method, encoded/absolute/dotted/odd targets: 401 without a key', { timeout: 120_000 }, async (ctx) => {
    const jobsBefore = t.server.services.pool.jobsRun;
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...PROTECTED).chain((r) => fc.tuple(fc.constant(r), target(r.path), fc.constantFrom(r.method, ...METHODS), fc.boolean())),
      async ([route, path, method, withQuery]) => {
        const q = withQuery && route.query ? `${path.includes('?') ? '&' : '?'}${route.query}` : '';
        const res = await rawRequest(t.url, method, path + q, {}, method === 'GET' || method === 'HEAD' ? '' : route.body ?? '');
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // 400 is Node's own parser refusing a target before any route runs.
        assert.ok(res.status === 401 || res.status === 400, `${method} ${path + q}: ${res.status}\n${res.head}\n${res.body.slice(0, 300)}`);
        if (res.status === 401 && method !== 'HEAD') {
          assert.match(res.body, /"error":\{"message":"You didn't provide an API key/);
        }
      },
    ), { numRuns: 600 });
    await unchanged();
    assert.equal(t.server.services.pool.jobsRun, jobsBefore, 'no synthesis job ran');
    ctx.diagnostic(`status counts ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.ok((statuses.get(401) ?? 0) > 500, JSON.stringify(Object.fromEntries(statuses)));
  });

  test('the findings, exactly as reported: no key, no service', async () => {
    for (const [method, path, body] of [
      ['POST', '/%761/audio/speech', PROTECTED[0].body!],
      ['POST', '/%76%31/audio/speech', PROTECTED[0].body!],
      ['POST', '/v%31/audio/speech', PROTECTED[0].body!],
      ['PUT', '/%761/audio/lexicon', PROTECTED[5].body!],
      ['PUT', 'http://x/v1/audio/lexicon', PROTECTED[5].body!],
      ['DELETE', 'http://x/v1/audio/lexicon?language=en&word=seed', ''],
      ['DELETE', '/v%31/audio/lexicon?language=en&word=seed', ''],
      ['GET', '/%761/models', ''],
      ['GET', '/%761/audio/voices', ''],
      ['GET', '/v1/./audio/lexicon', ''],
      ['GET', '/v1/../v1/models', ''],
    ] as const) {
      const res = await rawRequest(t.url, method, path, {}, body);
      assert.equal(res.status, 401, `${method} ${path}`);
    }
    await unchanged();
  });

  test('a wrong key is as good as none, on any target', async () => {
    for (const path of ['/%761/audio/lexicon', 'http://x/v1/audio/lexicon', '/v1/audio/lexicon']) {
      const res = await rawRequest(t.url, 'PUT', path, { authorization: 'Bearer sk-wrong-0000000000' }, PROTECTED[5].body!);
      assert.equal(res.status, 401, path);
      assert.match(res.body, /invalid_api_key/);
      assert.ok(!res.body.includes('sk-wrong-0000000000'), 'the key is not echoed');
    }
    await unchanged();
  });

  test('an odd target with a valid key reaches the same route (the router decides, and so does the guard)', async () => {
    const res = await rawRequest(t.url, 'GET', '/%761/models', { authorization: `Bearer ${USER}` });
    assert.equal(res.status, 200);
    assert.match(res.body, /"object":"list"/);
  });

  test('a URL that matches no route: 401 without a key (nothing learnt), 404 with one', async () => {
    for (const path of ['/v1/nope', '/nope', '/v1/audio/lexicon/x', '/V1/MODELS']) {
      assert.equal((await rawRequest(t.url, 'GET', path)).status, 401, path);
      const keyed = await rawRequest(t.url, 'GET', path, { authorization: `Bearer ${USER}` });
      assert.equal(keyed.status, 404, path);
      assert.match(keyed.body, /"error":\{"message":"Invalid URL/);
    }
  });

  test('public routes are the playground, /health, /ready, /openapi.json and /docs; /metrics needs a key', async () => {
    for (const path of ['/', '/playground/app.js', '/playground/style.css', '/health', '/ready', '/openapi.json', '/docs']) {
      assert.equal((await fetch(`${t.url}${path}`)).status, 200, path);
    }
    assert.equal((await fetch(`${t.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${USER}` } })).status, 200);
  });

  test('admin routes: a user key gets 403 on any target, the admin key is served', async () => {
    const user = { authorization: `Bearer ${USER}` };
    for (const [method, path, body] of [
      ['PUT', '/v1/audio/lexicon', PROTECTED[5].body!],
      ['PUT', '/%761/audio/lexicon', PROTECTED[5].body!],
      ['PUT', 'http://x/v1/audio/lexicon', PROTECTED[5].body!],
      ['DELETE', '/v1/audio/lexicon?language=en&word=seed', ''],
      ['GET', '/debug/stats', ''],
      ['GET', '/debug/%73tats', ''],
    ] as const) {
      const res = await rawRequest(t.url, method, path, user, body);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.match(res.body, /"code":"insufficient_permissions"/);
    }
    await unchanged();
    // The user key may still read the lexicon.
    assert.equal((await fetch(`${t.url}/v1/audio/lexicon`, { headers: user })).status, 200);

    const admin = { authorization: `Bearer ${ADMIN}` };
    const put = await fetch(`${t.url}/v1/audio/lexicon`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ language: 'de', word: 'Zug', replacement: 'Tsuug' }) });
    assert.equal(put.status, 200);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'de.json'), 'utf8')), { zug: 'Tsuug' });
    const del = await fetch(`${t.url}/v1/audio/lexicon?language=de&word=zug`, { method: 'DELETE', headers: admin });
    assert.equal(del.status, 200);
    assert.equal((await fetch(`${t.url}/debug/stats`, { headers: admin })).status, 200);
    // The admin key is a key: it can speak too.
    assert.equal((await fetch(`${t.url}/v1/models`, { headers: admin })).status, 200);
    await unchanged();
  });
});

test('a route added beside the guarded context stops start-up (default-deny cannot be bypassed by a new route)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-auth-'));
  const server = await buildServer(loadConfig({}, { host: '127.0.0.1', port: 0, logLevel: 'silent', workers: 1, lexiconDir: dir, corsOrigin: 'http://a.test' }));
  try {
    server.app.get('/v1/sneaky', async () => 'served without a key');
    await assert.rejects(server.app.listen({ host: '127.0.0.1', port: 0 }), /routes outside the access guard: GET \/v1\/sneaky/);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

describe('admin keys from the keys file and MYNAH_ADMIN_KEYS alone', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'mynah-auth-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('"admin": true in the keys file grants the admin right; other entries do not', async () => {
    const keysFile = join(dir, 'keys.json');
    await writeFile(keysFile, JSON.stringify({ keys: [{ key: USER, name: 'alice' }, { key: ADMIN, name: 'ops', admin: true }] }));
    const t = await startServer({ keysFile, lexiconDir: join(dir, 'lex1') });
    try {
      const body = JSON.stringify({ language: 'en', word: 'mynah', replacement: 'my nah' });
      const as = (key: string) => fetch(`${t.url}/v1/audio/lexicon`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
      assert.equal((await as(USER)).status, 403);
      assert.equal((await as(ADMIN)).status, 200);
    } finally {
      await t.close();
    }
  });

  test('a keys file with a bad "admin" value stops start-up', async () => {
    const keysFile = join(dir, 'bad-keys.json');
    await writeFile(keysFile, JSON.stringify({ keys: [{ key: ADMIN, admin: 'yes' }] }));
    const config = loadConfig({}, { host: '127.0.0.1', port: 0, logLevel: 'silent', workers: 1, keysFile, lexiconDir: join(dir, 'lexbad') });
    await assert.rejects(buildServer(config), /entry 0 has a bad "admin"/);
  });

  test('MYNAH_ADMIN_KEYS without API keys: the API stays open, admin routes need the admin key', async () => {
    const config = loadConfig({ MYNAH_ADMIN_KEYS: ADMIN, MYNAH_LEXICON_DIR: join(dir, 'lex2') }, { host: '127.0.0.1', port: 0, logLevel: 'silent', workers: 1 });
    assert.deepEqual(config.adminKeys, [ADMIN]);
    const t = await startServer(config);
    try {
      assert.equal((await fetch(`${t.url}/v1/models`)).status, 200);
      // SDKs always send some key; on an open API an unknown one is ignored.
      assert.equal((await fetch(`${t.url}/v1/models`, { headers: { authorization: 'Bearer anything' } })).status, 200);
      const body = JSON.stringify({ language: 'en', word: 'mynah', replacement: 'my nah' });
      const put = (headers: Record<string, string>) => fetch(`${t.url}/v1/audio/lexicon`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body });
      assert.equal((await put({})).status, 401);
      assert.equal((await rawRequest(t.url, 'PUT', 'http://x/v1/audio/lexicon', {}, body)).status, 401);
      assert.equal((await put({ authorization: 'Bearer anything' })).status, 401);
      assert.equal((await put({ authorization: `Bearer ${ADMIN}` })).status, 200);
    } finally {
      await t.close();
    }
  });
});

// With no keys at all, admin routes are served to loopback clients only; this needs an address of
// this machine that is not loopback, which CI containers and developer machines have.
const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('no keys configured: admin routes only from loopback', () => {
  test('a lexicon write from another address is 403 and writes nothing; from loopback it works', { skip: !external && 'no non-loopback IPv4 address on this machine' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mynah-auth-'));
    const config = loadConfig({}, { host: external!, port: 0, logLevel: 'silent', workers: 1, lexiconDir: dir });
    const server = await buildServer(config);
    try {
      await server.app.listen({ host: external!, port: 0 });
      const { port } = server.app.server.address() as { port: number };
      const body = JSON.stringify({ language: 'en', word: 'mynah', replacement: 'my nah' });
      const remote = await rawRequest(`http://${external}:${port}`, 'PUT', '/v1/audio/lexicon', { 'x-forwarded-for': '127.0.0.1' }, body);
      assert.equal(remote.status, 403);
      assert.match(remote.body, /loopback/);
      assert.deepEqual(await readdir(dir), []);
      // Key routes stay open without keys.
      assert.equal((await rawRequest(`http://${external}:${port}`, 'GET', '/v1/models')).status, 200);
    } finally {
      await server.close();
    }
    const local = await startServer({ lexiconDir: dir });
    try {
      const res = await fetch(`${local.url}/v1/audio/lexicon`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: 'en', word: 'mynah', replacement: 'my nah' }) });
      assert.equal(res.status, 200);
    } finally {
      await local.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
