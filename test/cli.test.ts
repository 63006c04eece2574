// The `mynah` command as a user runs it: a real process, real files, ffprobe on the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitChapters, splitPieces } from '../src/cli/book.js';
import { longText, probe } from './helpers.js';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

function mynah(args: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

async function inTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-cli-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A book: paragraphs of prose, about 20,000 characters. */
const book = (chars: number) => longText(chars + 500).replace(/(harbour\.) /g, '$1\n\n').slice(0, chars);

test('a 20,000-character file becomes one mp3 whose length fits the text', async () => {
  await inTemp(async (dir) => {
    const text = book(20_000);
    await writeFile(join(dir, 'book.txt'), text);
    const started = performance.now();
    const run = await mynah(['say', '-i', join(dir, 'book.txt'), '-o', join(dir, 'book.mp3')]);
    const { code, stderr } = run;
    const seconds = (performance.now() - started) / 1000;
    assert.equal(code, 0, stderr);
    assert.match(stderr, /ETA/, 'progress with an ETA on stderr');
    assert.match(stderr, /wrote book\.mp3: .* from [56] pieces in/);
    const p = await probe(await readFile(join(dir, 'book.mp3')), 'mp3');
    assert.equal(p.codec, 'mp3');
    assert.equal(p.sampleRate, 24000);
    // Speech runs at 10 to 25 characters a second; 20,000 characters is 13 to 33 minutes.
    assert.ok(p.duration > 20_000 / 25 && p.duration < 20_000 / 10, `duration ${p.duration} s`);
    console.log(`# 20,000 characters: ${p.duration.toFixed(0)} s of mp3; ${stderr.trim().split('\n').pop()}; ${seconds.toFixed(1)} s`);
  });
});

test('several pieces into wav make one header and one continuous stream', async () => {
  await inTemp(async (dir) => {
    const run = await mynah(['say', '-o', join(dir, 'out.wav'), '-q'], { stdin: book(9000) });
    const { code, stderr } = run;
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '', '--quiet prints nothing');
    const bytes = await readFile(join(dir, 'out.wav'));
    assert.equal(bytes.toString('latin1').split('RIFF').length - 1, 1, 'exactly one RIFF header');
    const p = await probe(bytes, 'wav');
    assert.ok(p.duration > 9000 / 25 && p.duration < 9000 / 10, `duration ${p.duration} s`);
  });
});

test('stdin works, and -o - writes the audio to stdout', async () => {
  await inTemp(async (dir) => {
    const { code, stderr } = await mynah(['say', '-o', join(dir, 'hi.flac')], { stdin: 'Hello from standard input.\n' });
    assert.equal(code, 0, stderr);
    const p = await probe(await readFile(join(dir, 'hi.flac')), 'flac');
    assert.equal(p.codec, 'flac');
    assert.ok(p.duration > 0.8 && p.duration < 5, `duration ${p.duration}`);
  });
  const piped = await mynah(['say', '-i', '-', '-o', '-', '-f', 'wav'], { stdin: 'Piped through.' });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout.slice(0, 4), 'RIFF');
});

test('--chapters writes one file per chapter', async () => {
  await inTemp(async (dir) => {
    const text = 'Chapter 1\n\nThe storm came at night.\n\nChapter Two: Morning\n\nThe sea was calm.\n\n# Epilogue\n\nGulls circled.';
    await writeFile(join(dir, 'b.txt'), text);
    const { code, stderr } = await mynah(['say', '-i', join(dir, 'b.txt'), '-o', join(dir, 'b.wav'), '--chapters']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /chapter 2\/3: Chapter Two: Morning/);
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.wav')).sort(), ['b-01.wav', 'b-02.wav', 'b-03.wav']);
  });
});

test('bad command lines exit 2 with a helpful message; failures exit 1', async () => {
  const cases: [string[], number, RegExp][] = [
    [['say', '--bogus', 'hi'], 2, /Unknown option '--bogus'.*mynah <command> --help/],
    [['say', '--speed', '9', 'hi'], 2, /--speed must be a number from 0.25 to 4/],
    [['say', '-f', 'ogg', 'hi'], 2, /unknown format 'ogg'; use one of mp3, opus/],
    [['say', 'hi', '-i', 'x.txt'], 2, /not both/],
    [['say', '-o', '/dev/null', '--voice', 'nobody', 'hi'], 2, /nobody/],
    [['say', '--chapters', '-o', '-', 'hi'], 2, /--chapters/],
    [['frobnicate'], 2, /unknown command 'frobnicate'; use one of serve, say, voices/],
    [['voices', '--model', 'nope'], 2, /nope/],
    [['say', '-i', '/nonexistent/book.txt'], 1, /cannot read --input \/nonexistent\/book.txt: no such file/],
  ];
  for (const [args, exit, message] of cases) {
    const r = await mynah(args);
    assert.equal(r.code, exit, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const empty = await mynah(['say'], { stdin: '   \n' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /empty/);
});

test('--play without a player says so clearly, before synthesizing', async () => {
  const r = await mynah(['say', '--play', 'hi'], { env: { PATH: '/nonexistent' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--play found no audio player for mp3 \(looked for ffplay, afplay, paplay, aplay on PATH\)/);
});

test('voices lists voices with language and engine', async () => {
  const r = await mynah(['voices', '--model', 'tts-1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^VOICE\s+LANGUAGE\s+GENDER\s+ENGINE/);
  assert.match(r.stdout, /\nalloy\s+en-US\s+male\s+flite\s+kal16/);
  const json = await mynah(['voices', '--json', '-m', 'espeak']);
  assert.ok(JSON.parse(json.stdout).data.some((v: { id: string; engine: string }) => v.id === 'de' && v.engine === 'espeak'));
});

test('splitting: pieces stay under 4096 characters and keep every word; chapters split on headings', () => {
  const text = book(20_000) + '\n\n' + 'A sentence without end '.repeat(400);
  const pieces = splitPieces(text);
  assert.ok(pieces.every((p) => p.length <= 4096), pieces.map((p) => p.length).join());
  assert.equal(pieces.join(' ').replace(/\s+/g, ' '), text.replace(/\s+/g, ' ').trim());
  const chapters = splitChapters('Preface.\n\nCHAPTER IV\nText.\n## Notes ##\nMore.\nChapter and verse is not a heading.');
  assert.deepEqual(chapters.map((c) => c.title), ['', 'CHAPTER IV', 'Notes ##']);
});
