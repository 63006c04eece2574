// The OpenAPI document (GET /openapi.json) and its page (/docs), over a real socket: generated from
// the route schemas, so it lists every route the server registered, carries the speech body schema
// the route validates with, states the bearer scheme, and both are public while /v1 needs a key.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { speechBodySchemaFor } from '../src/routes/speech.js';
import { startGateway, type TestGateway } from './gateway-helpers.js';

const CHROMIUM = process.env.MYNAH_CHROMIUM ?? '/usr/bin/chromium';
const USER = 'sk-user-0123456789abcdef';
const ADMIN = 'sk-admin-0123456789abcdef';

interface Operation { security?: unknown[]; description?: string; requestBody?: { content: Record<string, { schema: unknown }> } }
interface Doc { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>>; security?: unknown[]; components?: { securitySchemes?: Record<string, { type: string; scheme: string }> } }

/** `/v1/models/:id` as OpenAPI writes it: `/v1/models/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document and /docs', () => {
  let g: TestGateway;
  let doc: Doc;
  before(async () => {
    // The gateway section is on so that its /v1/organization/* routes are registered too.
    g = await startGateway({ upstreams: [], routes: {} }, { keys: [{ key: USER, name: 'user' }], env: { MYNAH_ADMIN_KEYS: ADMIN } });
    const res = await fetch(`${g.url}/openapi.json`); // no key: it is public
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    doc = await res.json() as Doc;
  });
  after(() => g?.close());

  test('is an OpenAPI 3 document with info and paths', () => {
    assert.match(doc.openapi, /^3\.\d+\.\d+$/);
    assert.equal(doc.info.title, 'Mynah');
    assert.ok(doc.info.version);
    assert.equal(typeof doc.paths, 'object');
  });

  test('lists every route the server registered, and nothing else', () => {
    const registered = new Set<string>();
    for (const route of g.server.routes) {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD' || method === 'OPTIONS') continue; // Fastify's automatic HEAD twins, the CORS preflight
        registered.add(`${method.toLowerCase()} ${openApiPath(route.url!)}`);
      }
    }
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
    assert.deepEqual([...documented].sort(), [...registered].sort());
    // The areas the document must cover, by name (a refactor that drops one is caught here too).
    for (const want of ['post /v1/audio/speech', 'get /v1/models', 'get /v1/models/{id}', 'get /v1/audio/voices', 'put /v1/audio/lexicon',
      'post /v1/audio/jobs', 'get /v1/audio/jobs/{id}', 'get /v1/audio/jobs/{id}/content', 'get /v1/audio/jobs/{id}/chapters', 'get /v1/audio/jobs/{id}/chapters/{n}/content', 'delete /v1/audio/jobs/{id}',
      'get /v1/organization/usage/audio_speeches', 'put /v1/organization/gateway/keys/{id}', 'get /health', 'get /ready', 'get /openapi.json', 'get /docs']) {
      assert.ok(documented.has(want), want);
    }
  });

  test('the speech body schema is the one the route validates with, every field included', () => {
    const body = doc.paths['/v1/audio/speech'].post.requestBody!.content['application/json'].schema as Record<string, any>;
    assert.deepEqual(body, JSON.parse(JSON.stringify(speechBodySchemaFor(g.server.services.config.maxInputChars))));
    const p = body.properties;
    assert.deepEqual(Object.keys(p).sort(), ['input', 'instructions', 'model', 'response_format', 'speed', 'stream_format', 'voice']);
    assert.equal(p.input.maxLength, 4096);
    assert.deepEqual(p.voice.anyOf.map((s: { type: string }) => s.type), ['string', 'object']);
    assert.deepEqual(p.response_format.anyOf[0].enum, ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']);
    assert.deepEqual([p.speed.anyOf[0].minimum, p.speed.anyOf[0].maximum], [0.25, 4]);
    assert.deepEqual(p.stream_format.anyOf[0].enum, ['audio', 'sse']);
  });

  test('a job is documented as JSON, as a text/plain body, and as a multipart/form-data upload with its text as a file', () => {
    const content = doc.paths['/v1/audio/jobs'].post.requestBody!.content as Record<string, { schema: Record<string, any> }>;
    assert.deepEqual(Object.keys(content).sort(), ['application/json', 'multipart/form-data', 'text/plain']);
    const form = content['multipart/form-data'].schema;
    assert.deepEqual(form.required, ['file']);
    assert.equal(form.properties.file.type, 'string');
    assert.equal(form.properties.file.contentMediaType, 'text/plain');
    for (const field of ['model', 'voice', 'response_format', 'speed', 'instructions']) assert.ok(form.properties[field], field);
    assert.deepEqual(content['application/json'].schema.required, ['model', 'input', 'voice']);
  });

  test('states the bearer scheme: required by default, lifted on public routes, admin routes say so', () => {
    assert.deepEqual(doc.components?.securitySchemes?.bearer, { ...doc.components!.securitySchemes!.bearer, type: 'http', scheme: 'bearer' });
    assert.deepEqual(doc.security, [{ bearer: [] }]);
    for (const path of ['/health', '/ready', '/openapi.json', '/docs', '/']) assert.deepEqual(doc.paths[path].get.security, [], path);
    assert.equal(doc.paths['/v1/audio/speech'].post.security, undefined); // the document-wide requirement applies
    assert.match(doc.paths['/v1/organization/gateway/keys/{id}'].put.description ?? '', /admin key/);
  });

  test('/docs answers an HTML page, with no key, that loads the document from this server only', async () => {
    const res = await fetch(`${g.url}/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<!doctype html>/i);
    assert.match(html, /fetch\('\/openapi\.json'\)/);
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org)/); // no CDN
  });

  test('headless Chromium renders /docs: every operation listed, the speech body shown, access marked', { skip: !existsSync(CHROMIUM) && `no browser at ${CHROMIUM} (apt-get install chromium)` }, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
    try {
      const page = await browser.newPage();
      const outside: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith(g.url)) outside.push(r.url()); });
      await page.goto(`${g.url}/docs`);
      await page.waitForSelector('details');
      const count = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
      assert.equal(await page.locator('details').count(), count);
      assert.match(await page.locator('h1').textContent() ?? '', new RegExp(`^Mynah ${doc.info.version.replace(/\./g, '\\.')}$`));
      const speech = page.locator('details', { hasText: '/v1/audio/speech' });
      assert.match(await speech.locator('.lock').textContent() ?? '', /API key/);
      assert.match(await speech.locator('pre').textContent() ?? '', /"stream_format"/);
      assert.match(await page.locator('details', { hasText: '/openapi.json' }).locator('.lock').textContent() ?? '', /public/);
      assert.match(await page.locator('details', { hasText: '/v1/organization/gateway/keys/{id}' }).first().locator('.lock').textContent() ?? '', /admin key/);
      assert.deepEqual(outside, [], 'no request leaves this server');
    } finally {
      await browser.close();
    }
  });

  test('both are public while keys are set; /v1 still needs a key', async () => {
    for (const path of ['/openapi.json', '/docs', '/%6Fpenapi.json', '/doc%73']) {
      assert.equal((await fetch(`${g.url}${path}`)).status, 200, path);
    }
    assert.equal((await fetch(`${g.url}/v1/models`)).status, 401);
    assert.equal((await fetch(`${g.url}/v1/audio/jobs/x`)).status, 401);
    assert.equal((await fetch(`${g.url}/v1/models`, { headers: { authorization: `Bearer ${USER}` } })).status, 200);
  });
});
