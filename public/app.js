// The playground: vanilla JS, no build step. Talks to the same /v1 API any client would.
const $ = (id) => document.getElementById(id);
const MAX = 4096;
const RATE = 24000; // every format leaves the server as 24 kHz mono
const KEY = 'mynah.apiKey';
const base = location.origin;
const ui = { input: $('input'), count: $('count'), model: $('model'), voice: $('voice'), format: $('format'), speed: $('speed'),
  instructions: $('instructions'), play: $('play'), stop: $('stop'), download: $('download'), status: $('status'),
  audio: $('audio'), wave: $('wave'), code: $('code') };
let run = null; // the playback in progress: { abort, clock() }

class NeedsKey extends Error {}

// --- API, with the key from localStorage; a 401 opens the key panel instead of failing silently.
async function api(path, init = {}) {
  const key = localStorage.getItem(KEY);
  const headers = { ...(init.headers || {}), ...(key ? { Authorization: `Bearer ${key}` } : {}) };
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) {
    showKey(key ? 'That key was refused. Enter a valid API key.' : 'This server needs an API key.');
    throw new NeedsKey('API key needed');
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new Error(body?.error?.message || `${res.status} ${res.statusText}`);
  }
  return res;
}

function showKey(message) {
  $('key-panel').hidden = false;
  $('key-toggle').setAttribute('aria-expanded', 'true');
  if (message) $('key-message').textContent = message;
  $('key').focus();
  setStatus(message || '', !!message);
}

function setStatus(text, error = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', error);
}

// --- Models and voices, straight from the API.
async function loadModels() {
  const { data } = await (await api('/v1/models')).json();
  const previous = ui.model.value || 'gpt-4o-mini-tts';
  ui.model.replaceChildren(...data.map((m) => new Option(m.id, m.id)));
  ui.model.value = data.some((m) => m.id === previous) ? previous : data[0]?.id;
  await loadVoices();
}

async function loadVoices() {
  const previous = ui.voice.value || 'alloy';
  const { data } = await (await api(`/v1/audio/voices?model=${encodeURIComponent(ui.model.value)}`)).json();
  const groups = new Map();
  for (const v of data) {
    const group = v.engine_voice ? 'OpenAI voices' : `${v.engine} voices`;
    if (!groups.has(group)) groups.set(group, Object.assign(document.createElement('optgroup'), { label: group }));
    const detail = [v.language, v.gender, v.engine_voice && `${v.engine} ${v.engine_voice}`].filter(Boolean).join(', ');
    groups.get(group).append(new Option(`${v.id} (${detail})`, v.id));
  }
  ui.voice.replaceChildren(...groups.values());
  ui.voice.value = data.some((v) => v.id === previous) ? previous : data[0]?.id;
  updateForm();
}

// --- Form state: counter, limit, instructions only where the model honours them, code snippets.
function request() {
  const body = { model: ui.model.value, input: ui.input.value, voice: ui.voice.value, response_format: ui.format.value };
  if (Number(ui.speed.value) !== 1) body.speed = Number(ui.speed.value);
  if (!ui.instructions.disabled && ui.instructions.value.trim()) body.instructions = ui.instructions.value.trim();
  return body;
}

function updateForm() {
  const n = [...ui.input.value].length; // code points, as the server counts
  ui.count.textContent = n > MAX ? `${n} / ${MAX}: ${n - MAX} over the limit` : `${n} / ${MAX}`;
  ui.count.classList.toggle('over', n > MAX);
  ui.play.disabled = n === 0 || n > MAX || !ui.voice.value;
  // OpenAI's tts-1 and tts-1-hd ignore instructions (unless the server allows them, see README).
  const honours = !/^tts-1(-hd)?$/.test(ui.model.value);
  ui.instructions.disabled = !honours;
  for (const b of document.querySelectorAll('#instruction-examples button')) b.disabled = !honours;
  $('instructions-note').textContent = honours ? '(optional: tone, pace, emotion)' : '(gpt-4o-mini-tts models only)';
  $('speed-value').textContent = `${Number(ui.speed.value).toFixed(2)}×`;
  updateCode();
}

function updateCode() {
  const body = request();
  const out = `speech.${body.response_format}`;
  const lang = document.querySelector('input[name=lang]:checked').value;
  const json = JSON.stringify(body);
  const sdkArgs = JSON.stringify(body, null, 2).replace(/\n/g, '\n  ');
  ui.code.textContent = {
    curl: `curl ${base}/v1/audio/speech \\\n  -H "Authorization: Bearer $MYNAH_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '${json.replace(/'/g, `'\\''`)}' \\\n  -o ${out}`,
    js: `import OpenAI from 'openai';\nimport { writeFile } from 'node:fs/promises';\n\nconst client = new OpenAI({ baseURL: '${base}/v1', apiKey: process.env.MYNAH_API_KEY ?? 'unused' });\nconst res = await client.audio.speech.create(${sdkArgs});\nawait writeFile('${out}', Buffer.from(await res.arrayBuffer()));`,
    py: `import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url="${base}/v1", api_key=os.environ.get("MYNAH_API_KEY", "unused"))\nwith client.audio.speech.with_streaming_response.create(\n${Object.entries(body).map(([k, v]) => `    ${k}=${JSON.stringify(v)},`).join('\n')}\n) as response:\n    response.stream_to_file("${out}")`,
  }[lang];
}

// --- Playback. mp3 streams through MediaSource; pcm and wav through Web Audio, chunk by chunk;
// other formats play once complete (browsers cannot feed raw opus, aac or flac to MediaSource).
async function play(event) {
  event.preventDefault();
  stop();
  const body = request();
  const format = body.response_format;
  const controller = new AbortController();
  const started = performance.now();
  window.mynahTimings = { started };
  setStatus('Synthesizing…');
  ui.play.disabled = true;
  ui.stop.disabled = false;
  setDownload(null);
  const parts = [];
  let received = 0;
  try {
    const res = await api('/v1/audio/speech', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
    const voice = res.headers.get('x-mynah-voice');
    const style = res.headers.get('x-mynah-style');
    $('applied-style').textContent = body.instructions ? `Applied style: ${style || 'none (no instruction understood)'}` : '';
    const sink = format === 'mp3' && window.MediaSource?.isTypeSupported('audio/mpeg') ? mediaSourceSink()
      : format === 'pcm' || format === 'wav' ? webAudioSink(format === 'wav' ? 44 : 0) : null;
    run = { abort: () => { controller.abort(); sink?.stop(); }, clock: sink?.clock || (() => ui.audio.currentTime) };
    const reader = res.body.getReader(); // not `for await`: Safari cannot iterate streams
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      const chunk = r.value;
      window.mynahTimings.firstByte ??= performance.now() - started;
      parts.push(chunk);
      received += chunk.length;
      sink?.push(chunk);
      setStatus(`Receiving… ${(received / 1024).toFixed(0)} KB${sink ? ', playing' : ''}`);
    }
    window.mynahTimings.done = performance.now() - started;
    await sink?.end();
    const blob = new Blob(parts, { type: res.headers.get('content-type') || 'application/octet-stream' });
    const playable = format === 'pcm' ? wavFromPcm(parts) : blob;
    if (!sink) {
      ui.audio.src = URL.createObjectURL(playable);
      ui.audio.play().catch(() => {});
    } else if (format !== 'mp3') {
      ui.audio.src = URL.createObjectURL(playable); // for replay and seeking; Web Audio is already playing
    }
    setDownload(blob, `speech.${format}`);
    drawWave(await peaksOf(playable));
    setStatus(`Done: ${(received / 1024).toFixed(0)} KB, first audio after ${Math.round(window.mynahTimings.firstByte)} ms${voice ? `, voice ${res.headers.get('x-mynah-engine')}/${voice}` : ''}.`);
    document.body.dataset.state = 'done';
  } catch (err) {
    if (err.name === 'AbortError') setStatus('Stopped.');
    else if (!(err instanceof NeedsKey)) setStatus(`Error: ${err.message}`, true);
    document.body.dataset.state = 'error';
  } finally {
    ui.stop.disabled = true;
    updateForm();
  }
}

function stop() {
  run?.abort();
  run = null;
  ui.audio.pause();
}

function mediaSourceSink() {
  const ms = new MediaSource();
  ui.audio.src = URL.createObjectURL(ms);
  const queue = [];
  let buffer = null;
  let ended = false;
  const pump = () => {
    if (!buffer || buffer.updating) return;
    if (queue.length) buffer.appendBuffer(queue.shift());
    else if (ended && ms.readyState === 'open') ms.endOfStream();
  };
  const opened = new Promise((resolve) => ms.addEventListener('sourceopen', () => {
    buffer = ms.addSourceBuffer('audio/mpeg');
    buffer.addEventListener('updateend', pump);
    resolve();
  }, { once: true }));
  ui.audio.addEventListener('playing', () => { window.mynahTimings.playing ??= performance.now() - window.mynahTimings.started; }, { once: true });
  ui.audio.play().catch(() => {}); // starts as soon as the first frames are buffered
  return {
    push: (chunk) => { queue.push(chunk); opened.then(pump); },
    end: async () => {
      ended = true;
      await opened;
      pump();
      await new Promise((resolve) => (ms.readyState === 'ended' ? resolve() : ms.addEventListener('sourceended', resolve, { once: true })));
    },
    stop: () => ui.audio.pause(),
    clock: () => ui.audio.currentTime,
  };
}

function webAudioSink(headerBytes) {
  const ctx = new AudioContext({ sampleRate: RATE });
  let at = 0; // when the next chunk starts, in context time
  let skip = headerBytes;
  let carry = new Uint8Array(0); // an odd byte split across chunks
  let begin = null;
  return {
    push(chunk) {
      if (skip) { const n = Math.min(skip, chunk.length); chunk = chunk.subarray(n); skip -= n; }
      const bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry); bytes.set(chunk, carry.length);
      const n = bytes.length >> 1;
      carry = bytes.slice(n * 2);
      if (!n) return;
      const view = new DataView(bytes.buffer, 0, n * 2);
      const buffer = ctx.createBuffer(1, n, RATE);
      const ch = buffer.getChannelData(0);
      for (let i = 0; i < n; i++) ch[i] = view.getInt16(i * 2, true) / 32768;
      const src = ctx.createBufferSource();
      src.buffer = buffer;
      src.connect(ctx.destination);
      at = Math.max(at, ctx.currentTime + 0.05);
      begin ??= at;
      window.mynahTimings.playing ??= performance.now() - window.mynahTimings.started;
      src.start(at);
      at += buffer.duration;
    },
    end: async () => {},
    stop: () => ctx.close(),
    clock: () => (begin === null ? 0 : Math.max(0, ctx.currentTime - begin)),
  };
}

function wavFromPcm(parts) {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const header = new DataView(new ArrayBuffer(44));
  const ascii = (o, s) => [...s].forEach((c, i) => header.setUint8(o + i, c.charCodeAt(0)));
  ascii(0, 'RIFF'); header.setUint32(4, 36 + size, true); ascii(8, 'WAVEfmt ');
  header.setUint32(16, 16, true); header.setUint16(20, 1, true); header.setUint16(22, 1, true);
  header.setUint32(24, RATE, true); header.setUint32(28, RATE * 2, true); header.setUint16(32, 2, true); header.setUint16(34, 16, true);
  ascii(36, 'data'); header.setUint32(40, size, true);
  return new Blob([header, ...parts], { type: 'audio/wav' });
}

function setDownload(blob, name) {
  const a = ui.download;
  if (a.href) URL.revokeObjectURL(a.href);
  if (!blob) { a.removeAttribute('href'); a.setAttribute('aria-disabled', 'true'); return; }
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.setAttribute('aria-disabled', 'false');
}

// --- Waveform: peaks of the decoded audio, with a playhead that follows playback.
let peaks = [];
let duration = 0;
async function peaksOf(blob) {
  try {
    const ctx = new OfflineAudioContext(1, 1, RATE);
    const audio = await ctx.decodeAudioData(await blob.arrayBuffer());
    window.mynahTimings.decodedSeconds = duration = audio.duration;
    const data = audio.getChannelData(0);
    const n = 400;
    const step = Math.max(1, Math.floor(data.length / n));
    return Array.from({ length: Math.min(n, data.length) }, (_, i) => {
      let max = 0;
      for (let j = i * step; j < (i + 1) * step && j < data.length; j++) max = Math.max(max, Math.abs(data[j]));
      return max;
    });
  } catch {
    return []; // this browser cannot decode the format (opus or aac on some): no waveform, still playable
  }
}

function drawWave(values = peaks) {
  peaks = values;
  const c = ui.wave;
  const dpr = window.devicePixelRatio || 1;
  c.width = c.clientWidth * dpr;
  c.height = c.clientHeight * dpr;
  const g = c.getContext('2d');
  const style = getComputedStyle(document.documentElement);
  const played = duration ? Math.min(1, (run?.clock() ?? ui.audio.currentTime) / duration) : 0;
  g.clearRect(0, 0, c.width, c.height);
  const w = c.width / Math.max(1, peaks.length);
  peaks.forEach((p, i) => {
    g.fillStyle = style.getPropertyValue(i / peaks.length < played ? '--accent' : '--line');
    const h = Math.max(1, p * c.height * 0.95);
    g.fillRect(i * w, (c.height - h) / 2, Math.max(1, w - 1), h);
  });
}
(function tick() { if (peaks.length) drawWave(); requestAnimationFrame(tick); })();

// --- Wiring.
$('speak').addEventListener('submit', play);
ui.stop.addEventListener('click', () => { stop(); setStatus('Stopped.'); });
ui.model.addEventListener('change', () => loadVoices().catch(report));
for (const el of [ui.input, ui.voice, ui.format, ui.speed, ui.instructions]) el.addEventListener('input', updateForm);
for (const b of document.querySelectorAll('#instruction-examples button')) {
  b.addEventListener('click', () => { ui.instructions.value = b.dataset.instructions; updateForm(); });
}
document.querySelectorAll('input[name=lang]').forEach((r) => r.addEventListener('change', updateCode));
$('copy').addEventListener('click', async () => {
  await navigator.clipboard?.writeText(ui.code.textContent).catch(() => {});
  $('copy').textContent = 'Copied';
  setTimeout(() => { $('copy').textContent = 'Copy'; }, 1500);
});
$('key-toggle').addEventListener('click', () => {
  const open = $('key-panel').hidden;
  $('key-panel').hidden = !open;
  $('key-toggle').setAttribute('aria-expanded', String(open));
  if (open) $('key').focus();
});
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem(KEY, $('key').value.trim());
  $('key-panel').hidden = true;
  $('key-toggle').setAttribute('aria-expanded', 'false');
  setStatus('Key saved.');
  loadModels().catch(report);
});
$('key-forget').addEventListener('click', () => { localStorage.removeItem(KEY); $('key').value = ''; setStatus('Key forgotten.'); });
$('base-url').textContent = `${base}/v1`;
$('key').value = localStorage.getItem(KEY) || '';
function report(err) { if (!(err instanceof NeedsKey)) setStatus(`Could not load models: ${err.message}`, true); }
updateForm();
loadModels().catch(report);
