// The instruction reader: free text in five languages to a voice style (src/style/read.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readInstructions } from '../src/style/read.js';
import { formatStyle, NEUTRAL } from '../src/style/style.js';

type Expect = Partial<Record<'faster' | 'slower' | 'higher' | 'lower' | 'louder' | 'softer' | 'flatter' | 'livelier' | 'pauses' | 'whisper', true>> & { accent?: string };

function check(text: string, want: Expect) {
  const s = readInstructions(text);
  const seen: Expect = {};
  if (s.rate > 1.01) seen.faster = true;
  if (s.rate < 0.99) seen.slower = true;
  if (s.pitch > 0.1) seen.higher = true;
  if (s.pitch < -0.1) seen.lower = true;
  if (s.loudness > 0.1) seen.louder = true;
  if (s.loudness < -0.1) seen.softer = true;
  if (s.pitchRange < 0.99) seen.flatter = true;
  if (s.pitchRange > 1.01) seen.livelier = true;
  if (s.sentencePause > 0) seen.pauses = true;
  if (s.whisper) seen.whisper = true;
  if (s.accent) seen.accent = s.accent;
  // Only the directions asked about are compared, plus no direction that contradicts them.
  for (const [k, v] of Object.entries(want)) assert.equal(seen[k as keyof Expect], v, `${JSON.stringify(text)} -> ${formatStyle(s)}: expected ${k}`);
  const opposite: Record<string, string> = { faster: 'slower', slower: 'faster', higher: 'lower', lower: 'higher', louder: 'softer', softer: 'louder', flatter: 'livelier', livelier: 'flatter' };
  for (const k of Object.keys(want)) if (opposite[k]) assert.ok(!seen[opposite[k] as keyof Expect], `${JSON.stringify(text)} -> ${formatStyle(s)}: not ${opposite[k]}`);
}

test('English phrasing in its many forms', () => {
  const table: [string, Expect][] = [
    ['Speak slowly.', { slower: true }], ['a bit faster please', { faster: true }], ['Brisk pace.', { faster: true }],
    ['Use a deep voice', { lower: true }], ['high-pitched and squeaky', { higher: true }], ['High pitched', { higher: true }],
    ['monotone', { flatter: true }], ['Be expressive!', { livelier: true }], ['soft', { softer: true }],
    ['whisper it', { whisper: true }], ['Whispering.', { whisper: true }], ['SHOUT', { louder: true }],
    ['calm', { slower: true, flatter: true, softer: true }], ['cheerful', { higher: true, livelier: true }],
    ['excited', { higher: true, faster: true, livelier: true, louder: true }], ['sad', { lower: true, slower: true, flatter: true }],
    ['somber', { lower: true, slower: true }], ['angry', { louder: true }], ['serious', { lower: true, flatter: true }],
    ['friendly', { higher: true, livelier: true }], ['Use dramatic pauses.', { pauses: true }],
    ['with a British accent', { accent: 'en-GB' }], ['Australian accent', { accent: 'en-AU' }],
    ['Read it like a news anchor', { faster: true, louder: true }], ['like a bedtime story', { slower: true, softer: true, pauses: true }],
  ];
  for (const [text, want] of table) check(text, want);
});

test("openai.fm's structured style", () => {
  const s = readInstructions(`Voice: Warm, deep and reassuring.
Tone: Calm and friendly.
Pacing: Slow and deliberate, never rushed.
Emotion: Gentle.
Pronunciation: Clear, with a British accent.
Pauses: Long pauses after each sentence.`);
  assert.ok(s.rate < 0.9, `slow: ${s.rate}`);
  assert.ok(s.pitch < 0, `deep: ${s.pitch}`);
  assert.ok(s.loudness < 0, `gentle: ${s.loudness}`);
  assert.ok(s.sentencePause >= 400, `long pauses: ${s.sentencePause}`);
  assert.equal(s.accent, 'en-GB');
});

test('negation reverses (half of) an effect; intensity scales it', () => {
  check('not too fast', { slower: true });
  check("Don't shout.", { softer: true });
  check('never whisper', {});
  assert.equal(readInstructions('do not whisper').whisper, false);
  assert.equal(readInstructions('not British').accent, undefined);
  // Negation reaches within its clause only.
  check('not fast, but cheerful', { slower: true, higher: true });
  const plain = readInstructions('slow').rate, very = readInstructions('very slow').rate, slightly = readInstructions('slightly slow').rate;
  assert.ok(very < plain && plain < slightly && slightly < 1, `very ${very} < slow ${plain} < slightly ${slightly} < 1`);
  const deep = readInstructions('deep voice').pitch, veryDeep = readInstructions('an extremely deep voice').pitch;
  assert.ok(veryDeep < deep, `${veryDeep} < ${deep}`);
});

test('German, French, Spanish and Vietnamese core words', () => {
  const table: [string, Expect][] = [
    ['Sprich langsam und mit tiefer Stimme.', { slower: true, lower: true }], ['sehr schnell', { faster: true }],
    ['flüstern', { whisper: true }], ['fröhlich und laut', { higher: true, louder: true }], ['traurig', { lower: true, slower: true }],
    ['nicht zu schnell', { slower: true }], ['ruhig', { slower: true, softer: true }], ['monoton', { flatter: true }],
    ['Parle lentement, d’une voix grave.', { slower: true, lower: true }], ['très rapide', { faster: true }], ['chuchote', { whisper: true }],
    ['joyeux', { higher: true, livelier: true }], ['triste', { lower: true, slower: true }], ['pas trop vite', { slower: true }], ['fort', { louder: true }],
    ['Habla despacio con voz grave.', { slower: true, lower: true }], ['muy rápido', { faster: true }], ['susurrando', { whisper: true }],
    ['alegre', { higher: true, livelier: true }], ['triste', { lower: true }], ['no tan rápido', { slower: true }], ['suave', { softer: true }],
    ['Nói chậm rãi, giọng trầm.', { slower: true, lower: true }], ['rất nhanh', { faster: true }], ['thì thầm', { whisper: true }],
    ['vui vẻ và tích cực', { higher: true, livelier: true }], ['buồn', { lower: true, slower: true }], ['không quá nhanh', { slower: true }],
    ['nói to', { louder: true }], ['nhẹ nhàng', { softer: true }],
  ];
  for (const [text, want] of table) check(text, want);
  // Intensity in each language makes the same word stronger.
  for (const [weak, strong] of [['schnell', 'sehr schnell'], ['rapide', 'très rapide'], ['rápido', 'muy rápido'], ['nhanh', 'rất nhanh']]) {
    assert.ok(readInstructions(strong).rate > readInstructions(weak).rate, `${strong} faster than ${weak}`);
  }
  for (const [weak, strong] of [['etwas langsam', 'langsam'], ['un peu lent', 'lent'], ['un poco lento', 'lento'], ['hơi chậm', 'chậm']]) {
    assert.ok(readInstructions(strong).rate < readInstructions(weak).rate, `${weak} less slow than ${strong}`);
  }
});

test('unknown phrasing, empty and absurd input change nothing', () => {
  for (const text of ['', 'Pretend to be a pirate who loves the sea.', 'xyzzy', '🙂🙂', '   ', 'a'.repeat(4096), null, undefined]) {
    assert.deepEqual(readInstructions(text), NEUTRAL, String(text).slice(0, 40));
  }
});

test('styles stay within limits however much is asked', () => {
  const s = readInstructions('extremely very slow slow slowly slower, extremely deep deep voice, extremely loud loud shouting, very very long pauses');
  assert.ok(s.rate >= 0.5 && s.pitch >= -12 && s.loudness <= 12 && s.sentencePause <= 2000, formatStyle(s));
});

test('the header names only what changed', () => {
  assert.equal(formatStyle(NEUTRAL), '');
  assert.equal(formatStyle({ ...NEUTRAL, rate: 0.85, pitch: -2, whisper: true }), 'rate=0.85; pitch=-2st; whisper');
  assert.equal(formatStyle(readInstructions('whisper')), 'loudness=-4dB; whisper');
});
