import { startServer } from './helpers.js';
import { measure } from './measure.js';
const s = await startServer();
const text = 'The quick brown fox jumps over the lazy dog. Is this a question, or not? We will see, said the man.';
const cases = process.env.C ? process.env.C.split('|') : ['', 'deep voice', 'high-pitched', 'slowly', 'monotone', 'whisper', 'loud', 'soft', 'cheerful', 'sad', 'dramatic pauses', 'Speak in a cheerful and positive tone.'];
for (const voice of (process.env.V ?? 'alloy,coral,en-us+m3,en-us+f3').split(',')) for (const instructions of cases) {
  const r = await s.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice, input: text, instructions: instructions || undefined, response_format: 'wav' });
  const m = await measure(new Uint8Array(await r.arrayBuffer()));
  console.log(voice.padEnd(9), (instructions || '-').padEnd(22), r.headers.get('x-mynah-style')?.padEnd(50), Object.entries(m).map(([k, v]) => `${k}=${v.toFixed(2)}`).join(' '));
}
await s.close();
