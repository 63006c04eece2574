// End to end in a real browser: headless Chromium loads the playground, is asked for a key (the
// server requires one), picks a voice, types, presses play, and the audio element must end up
// holding decodable audio of a plausible length. Leaves test-artifacts/playground.png behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type TestServer } from './helpers.js';

const CHROMIUM = process.env.MYNAH_CHROMIUM ?? '/usr/bin/chromium';
const KEY = 'sk-playground-test';
const TEXT = 'The lighthouse keeper climbed the spiral stairs every evening at dusk. Ships passing in the night relied on the steady beam to find the harbour.';

let ts: TestServer;
let browser: Browser;
let profile: string;

before(async () => {
  ts = await startServer({ apiKeys: [KEY] });
  profile = await mkdtemp(join(tmpdir(), 'mynah-chromium-'));
});

after(async () => {
  await browser?.close();
  await ts?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

test('the page is served at / without a key, with its script and styles', async () => {
  const page = await fetch(`${ts.url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  assert.match(await page.text(), /<label for="input">Text<\/label>/);
  for (const path of ['/playground/app.js', '/playground/style.css']) assert.equal((await fetch(`${ts.url}${path}`)).status, 200, path);
  assert.equal((await fetch(`${ts.url}/v1/models`)).status, 401, 'the API itself stays guarded');
});

test('headless Chromium: key prompt, voice, text, play, decodable audio, screenshot', { skip: !existsSync(CHROMIUM) && `no browser at ${CHROMIUM} (apt-get install chromium)` }, async () => {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    viewport: { width: 820, height: 1180 },
  });
  browser = context.browser()!;
  const page = context.pages()[0] ?? await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${ts.url}/`);

  // No key yet: the page must ask for one rather than fail silently.
  await page.getByRole('textbox', { name: 'Key' }).waitFor({ state: 'visible' });
  assert.match(await page.locator('#key-message').textContent() ?? '', /needs an API key/);
  await page.getByRole('textbox', { name: 'Key' }).fill(KEY);
  await page.getByRole('textbox', { name: 'Key' }).press('Enter');
  await page.locator('#voice option[value="nova"]').waitFor({ state: 'attached' });
  assert.equal(await page.evaluate(() => localStorage.getItem('mynah.apiKey')), KEY);

  await page.getByLabel('Voice').selectOption('nova');
  await page.getByLabel('Text').fill(TEXT);
  assert.equal(await page.locator('#count').textContent(), `${TEXT.length} / 4096`);
  assert.equal(await page.getByLabel(/Instructions/).isEnabled(), true, 'gpt-4o-mini-tts honours instructions');
  await page.getByRole('button', { name: /Play/ }).click();
  await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'done', await page.locator('#status').textContent() ?? '');

  // What the audio element holds, and the downloadable file decoded by the browser itself.
  const result = await page.evaluate(async () => {
    const audio = document.getElementById('audio') as HTMLAudioElement;
    const href = (document.getElementById('download') as HTMLAnchorElement).href;
    const decoded = await new AudioContext().decodeAudioData(await (await fetch(href)).arrayBuffer());
    return { elementDuration: audio.duration, readyState: audio.readyState, error: audio.error?.message ?? null, decoded: decoded.duration, timings: (window as any).mynahTimings };
  });
  // About 140 characters of English: flite speaks roughly 15 characters a second.
  assert.equal(result.error, null);
  assert.ok(result.readyState >= 1, `audio element has metadata (readyState ${result.readyState})`);
  assert.ok(result.elementDuration > 5 && result.elementDuration < 20, `element duration ${result.elementDuration}`);
  assert.ok(Math.abs(result.decoded - result.elementDuration) < 0.5, `decoded ${result.decoded} vs element ${result.elementDuration}`);
  assert.match(await page.locator('#code').textContent() ?? '', /curl .*\/v1\/audio\/speech[\s\S]*"voice":"nova"/);
  assert.deepEqual(errors, []);
  console.log(`# playground: ${result.elementDuration.toFixed(2)} s of audio; timings ${JSON.stringify(result.timings)}`);

  // A one-click example instruction fills the box; the style the server applied is shown.
  await page.getByRole('button', { name: 'Whisper' }).click();
  assert.equal(await page.getByLabel(/Instructions/).inputValue(), 'Whisper.');
  await page.evaluate(() => { delete document.body.dataset.state; });
  await page.getByRole('button', { name: /Play/ }).click();
  await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'done', await page.locator('#status').textContent() ?? '');
  assert.equal(await page.locator('#applied-style').textContent(), 'Applied style: loudness=-4dB; whisper');

  await mkdir('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/playground.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 }); // a phone
  await page.screenshot({ path: 'test-artifacts/playground-phone.png', fullPage: true });
});
