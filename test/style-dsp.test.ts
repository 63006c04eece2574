// The DSP that engines without their own controls get (sherpa models; flite's whisper): pitch
// shift at constant duration (Sonic), whisper (LPC resynthesis), gain; measured on a vowel-like
// test signal, and checked to stream (any split of the input gives the same output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTempo, initTempo } from '../src/audio/tempo.js';
import { createWhisper } from '../src/audio/whisper.js';
import { createGain } from '../src/audio/gain.js';
import { chain, planStyle, splitForPauses } from '../src/style/apply.js';
import { readInstructions } from '../src/style/read.js';
import type { StreamProcessor } from '../src/audio/resample.js';
import { measure, semitones } from './measure.js';

const RATE = 24000;

/** Two seconds of a vowel: 120 Hz glottal pulses through two formants, with a slow pitch glide. */
function vowel(seconds = 2): Int16Array {
  const out = new Int16Array(RATE * seconds);
  const formants = [[700, 0.97], [1200, 0.96]].map(([hz, r]) => ({ c: 2 * r * Math.cos((2 * Math.PI * hz) / RATE), r2: r * r, y1: 0, y2: 0 }));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const f0 = 110 + 20 * Math.sin((2 * Math.PI * i) / out.length);
    phase += f0 / RATE;
    let x = phase >= 1 ? ((phase -= 1), 3000) : 0;
    for (const f of formants) { const y = x + f.c * f.y1 - f.r2 * f.y2; f.y2 = f.y1; f.y1 = y; x = y; }
    out[i] = Math.max(-32768, Math.min(32767, x / 40));
  }
  return out;
}

function wav(pcm: Int16Array): Uint8Array {
  const b = Buffer.alloc(44 + pcm.length * 2);
  b.write('RIFF', 0); b.writeUInt32LE(36 + pcm.length * 2, 4); b.write('WAVEfmt ', 8); b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(RATE, 24); b.writeUInt32LE(RATE * 2, 28);
  b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34); b.write('data', 36); b.writeUInt32LE(pcm.length * 2, 40);
  Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).copy(b, 44);
  return b;
}

function runThrough(p: StreamProcessor, pcm: Int16Array, pieces = [pcm.length]): Int16Array {
  const parts: Int16Array[] = [];
  let at = 0;
  for (const n of pieces) { parts.push(p.process(pcm.subarray(at, at + n))); at += n; }
  parts.push(p.flush());
  p.close();
  const out = new Int16Array(parts.reduce((s, x) => s + x.length, 0));
  let o = 0;
  for (const x of parts) { out.set(x, o); o += x.length; }
  return out;
}

test('Sonic shifts pitch by the asked semitones and keeps the duration', async () => {
  await initTempo();
  const input = vowel();
  const before = await measure(wav(input));
  for (const st of [-4, 4]) {
    const out = runThrough(createTempo(RATE, 1, 2 ** (st / 12)), input);
    const after = await measure(wav(out));
    assert.ok(Math.abs(out.length - input.length) < RATE * 0.02, `length ${out.length} vs ${input.length}`);
    assert.ok(Math.abs(semitones(before.medianF0, after.medianF0) - st) < 1, `${st} st: ${after.medianF0} vs ${before.medianF0} Hz`);
  }
});

test('whisper removes voicing, keeps length and level, and streams', async () => {
  const input = vowel();
  const whole = runThrough(createWhisper(RATE), input);
  assert.equal(whole.length, input.length);
  const split = runThrough(createWhisper(RATE), input, [1, 479, 5000, 37, input.length - 5517]);
  assert.deepEqual(split, whole, 'the same output however the input is split');
  const [before, after] = await Promise.all([measure(wav(input)), measure(wav(whole))]);
  assert.ok(before.voiced > 0.9, `test vowel voiced: ${before.voiced}`);
  assert.ok(after.voiced < 0.1, `whispered: f0 in ${after.voiced} of frames`);
  assert.ok(Math.abs(after.rmsDb - before.rmsDb) < 6, `level ${after.rmsDb} vs ${before.rmsDb} dB`);
});

test('gain moves the level by its dB and bends peaks instead of clipping them', async () => {
  const input = vowel();
  const [base, up, down] = await Promise.all([input, runThrough(createGain(7), input), runThrough(createGain(-8), input)].map((p) => measure(wav(p))));
  assert.ok(Math.abs(up.rmsDb - base.rmsDb - 7) < 1.5, `${up.rmsDb} vs ${base.rmsDb}`);
  assert.ok(Math.abs(down.rmsDb - base.rmsDb + 8) < 0.5, `${down.rmsDb} vs ${base.rmsDb}`);
  const loud = runThrough(createGain(30), input);
  assert.ok(loud.every((s) => s > -32768 && s < 32767), 'no sample pinned at full scale');
});

test('a style plan: DSP only for what the engine cannot do, pauses between pieces', () => {
  const style = readInstructions('deep voice, whisper, dramatic pauses');
  const flite = planStyle(style, 1, { pitch: true, pitchRange: true });
  assert.equal(flite.pitch, 1, 'flite moves its own f0 target');
  assert.equal(flite.engine?.pitch, style.pitch);
  assert.equal(flite.post(RATE).length, 2, 'whisper and gain by DSP');
  const sherpa = planStyle(style, 1, {});
  assert.ok(Math.abs(sherpa.pitch - 2 ** (style.pitch / 12)) < 1e-9, 'Sonic shifts pitch for sherpa');
  const espeak = planStyle(style, 2, { pitch: true, pitchRange: true, whisper: true });
  assert.equal(espeak.post(RATE).length, 1, "eSpeak's own whisper voice; gain only");
  assert.equal(planStyle(readInstructions('very very slowly'), 0.25, {}).speed, 0.25, 'speed x rate stays within 0.25-4');
  assert.deepEqual(splitForPauses('One, two. Three!', 700, 250), [{ text: 'One,', pauseMs: 0 }, { text: 'two.', pauseMs: 250 }, { text: 'Three!', pauseMs: 700 }]);
  assert.deepEqual(splitForPauses('One, two.', 0, 0), [{ text: 'One, two.', pauseMs: 0 }]);
  const gained = chain([createGain(6), createGain(-6)]).process(new Int16Array([1000, -1000]));
  assert.deepEqual([...gained], [1000, -1000]);
});
