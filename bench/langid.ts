// Language detectors compared on one sentence: accuracy per language, memory of the import alone
// (a fresh process each), and time per call. Mynah's own detector (src/text/language.ts) is always
// measured; the others are measured when installed, without touching package.json:
//   npm i --no-save eld franc-min franc franc-all tinyld cld3-asm lande
//   npm run build && node dist/bench/langid.js [--json] [--misses] [--set=A|B]
// --server instead measures the whole server's RSS (2 workers) idle and after requests in four languages.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { speak, startServer } from './lib.js';
import { fileURLToPath } from 'node:url';
import { ENGLISH_SHORT, SENTENCES_A, SENTENCES_B } from './langid-sentences.js';

type Detect = (text: string) => string;
interface Candidate {
  name: string;
  /** What to import for the memory figure, and how to get a detect function from it. */
  module: string;
  load(): Promise<Detect>;
}

const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'vi', 'ru', 'zh', 'ja'];
// franc and lande answer in ISO 639-3.
const ISO3: Record<string, string> = { eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', nld: 'nl', pol: 'pl', vie: 'vi', rus: 'ru', cmn: 'zh', zho: 'zh', jpn: 'ja' };
const iso1 = (code: string) => ISO3[code] ?? code;

// Mynah's detector as it was before this change (eld/medium behind the same fallback rules), so the
// table shows what a caller saw, not only the bare library.
function elderWrapper(eld: { detect(t: string): { language: string; isReliable(): boolean } }) {
  return (text: string, fallback: string) => {
    const letters = text.replace(/[^\p{L}]/gu, '');
    if (letters.length === 0) return fallback;
    const result = eld.detect(text);
    if (!result.language || !result.isReliable()) return fallback;
    if (result.language === fallback) return result.language;
    if (!/[^\x00-\x7F]/.test(letters) && letters.length < 40) return fallback;
    return result.language;
  };
}

const importAny = (name: string): Promise<any> => import(name);

const CANDIDATES: Candidate[] = [
  ...['medium', 'small', 'extrasmall'].map((size) => ({
    name: `eld/${size}`,
    module: `eld/${size}`,
    async load() {
      const { eld } = await importAny(`eld/${size}`);
      return (t: string) => eld.detect(t).language || 'und';
    },
  })),
  ...['franc-min', 'franc', 'franc-all'].map((name) => ({
    name,
    module: name,
    async load() {
      const { franc } = await importAny(name);
      return (t: string) => iso1(franc(t, { minLength: 1 }));
    },
  })),
  {
    name: 'tinyld',
    module: 'tinyld',
    async load() {
      const { detect } = await importAny('tinyld');
      return (t: string) => detect(t) || 'und';
    },
  },
  {
    name: 'tinyld/light',
    module: 'tinyld/light',
    async load() {
      const { detect } = await importAny('tinyld/light');
      return (t: string) => detect(t) || 'und';
    },
  },
  {
    name: 'cld3-asm',
    module: 'cld3-asm',
    async load() {
      const { loadModule } = await importAny('cld3-asm');
      const identifier = (await loadModule()).create(0, 1000);
      return (t: string) => iso1(identifier.findLanguage(t).language);
    },
  },
  {
    name: 'lande',
    module: 'lande',
    async load() {
      const lande = (await importAny('lande')).default;
      return (t: string) => iso1(lande(t)[0]?.[0] ?? 'und');
    },
  },
];

const MYNAH = fileURLToPath(new URL('../src/text/language.js', import.meta.url));

/** RSS and heap growth from importing `module` alone, in a fresh process, after garbage collection. */
function importCost(module: string): { rssMiB: number; heapMiB: number; loadMs: number } | null {
  const script = `
    const gc = () => { globalThis.gc(); globalThis.gc(); };
    gc(); const a = process.memoryUsage(); const t = performance.now();
    const m = await import(${JSON.stringify(module)});
    if (m.loadModule) (await m.loadModule()).create(0, 1000);
    if (m.detectLanguage) m.detectLanguage('Bonjour à tous.', 'en');
    const ms = performance.now() - t;
    await new Promise((r) => setTimeout(r, 200)); gc();
    const b = process.memoryUsage();
    console.log(JSON.stringify({ rssMiB: (b.rss - a.rss) / 2 ** 20, heapMiB: (b.heapUsed - a.heapUsed + b.external - a.external) / 2 ** 20, loadMs: ms }));`;
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return JSON.parse(out.trim().split('\n').pop()!);
  } catch {
    return null;
  }
}

interface Row {
  name: string;
  perLanguage: Record<string, number>;
  correct: number;
  total: number;
  usPerCall: number;
  rssMiB?: number;
  heapMiB?: number;
  loadMs?: number;
  misses: string[];
}

function score(name: string, detect: Detect, sets: Record<string, string[]>[]): Row {
  const perLanguage: Record<string, number> = {};
  const misses: string[] = [];
  let correct = 0;
  let total = 0;
  for (const lang of LANGS) {
    const sentences = sets.flatMap((s) => s[lang] ?? []);
    let ok = 0;
    for (const s of sentences) {
      const got = detect(s);
      if (got === lang) ok++;
      else misses.push(`${lang}->${got}: ${s}`);
    }
    perLanguage[lang] = ok / sentences.length;
    correct += ok;
    total += sentences.length;
  }
  // Not counted in "all": the short English inputs, where staying English is right.
  const stays = ENGLISH_SHORT.filter((s) => {
    const got = detect(s);
    if (got !== 'en') misses.push(`en-short->${got}: ${s}`);
    return got === 'en';
  });
  perLanguage['en-short'] = stays.length / ENGLISH_SHORT.length;
  const all = sets.flatMap((s) => Object.values(s).flat());
  for (const s of all) detect(s); // warm up
  // The best of 5 rounds: the machine is shared, and the slower rounds measure the neighbours.
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (const s of all) detect(s);
    best = Math.min(best, performance.now() - t);
  }
  const usPerCall = (best * 1000) / all.length;
  return { name, perLanguage, correct, total, usPerCall, misses };
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const settle = () => new Promise((r) => setTimeout(r, 3000));

/** The server's RSS with 2 workers: idle after start, then after one request each in en/fr/de/vi (detection loaded). */
async function serverRss() {
  const server = await startServer({ MYNAH_WORKERS: '2' });
  try {
    await settle();
    const idle = rssMiB(server.child.pid!);
    for (const input of ['Hello, world!', 'Le 14 juillet 1789, 3 500 personnes.', 'Am 3. Mai 2024 um 14:30 Uhr kostet es 12,50 €.', 'Việt nam có đẹp không!']) {
      await speak(server.url, { model: 'tts-1', voice: 'alloy', input, response_format: 'pcm' });
    }
    await settle();
    console.log(`server RSS, 2 workers: idle ${idle.toFixed(0)} MiB, after 4 requests ${rssMiB(server.child.pid!).toFixed(0)} MiB`);
  } finally {
    await server.stop();
  }
}

async function main() {
  if (process.argv.includes('--server')) return serverRss();
  const json = process.argv.includes('--json');
  const verbose = process.argv.includes('--misses');
  // --set=A or --set=B scores one set alone (B was written after Mynah's rules, as a held-out check).
  const only = process.argv.find((a) => a.startsWith('--set='))?.slice(6);
  const sets = only === 'A' ? [SENTENCES_A] : only === 'B' ? [SENTENCES_B] : [SENTENCES_A, SENTENCES_B];
  const perLanguage = sets.reduce((n, s) => n + s.en.length, 0);
  const rows: Row[] = [];
  const { detectLanguage } = await import(MYNAH);
  // Mynah's detector with an English voice: what a caller gets for each sentence.
  rows.push({ ...score('mynah (voice en)', (t) => detectLanguage(t, 'en'), sets), ...importCost(MYNAH) });
  // English sentences read with a German voice must still come out English (other rows: voice en).
  rows.push(score('mynah (voice de)', (t) => detectLanguage(t, 'de'), sets));
  for (const c of CANDIDATES) {
    let detect: Detect;
    try {
      detect = await c.load();
    } catch {
      if (!json) console.error(`${c.name}: not installed, skipped`);
      continue;
    }
    if (c.name === 'eld/medium') {
      const { eld } = await importAny('eld/medium');
      const before = elderWrapper(eld);
      rows.push({ ...score('before: eld/medium + rules (voice en)', (t) => before(t, 'en'), sets), ...importCost('eld/medium') });
      rows.push(score('before: eld/medium + rules (voice de)', (t) => before(t, 'de'), sets));
    }
    rows.push({ ...score(c.name, detect, sets), ...importCost(c.module) });
  }
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const pct = (x: number) => `${Math.round(x * 100)}`;
  const mib = (x?: number) => (x === undefined ? '' : x.toFixed(1));
  console.log(`${perLanguage} sentences per language; accuracy in %; memory of the import alone in a fresh process\n`);
  console.log(`| detector | ${LANGS.join(' | ')} | all | en short | RSS MiB | heap MiB | load ms | µs/call |`);
  console.log(`|---|${LANGS.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const load = r.loadMs === undefined ? '' : r.loadMs.toFixed(0);
    console.log(`| ${r.name} | ${LANGS.map((l) => pct(r.perLanguage[l])).join(' | ')} | ${pct(r.correct / r.total)} | ${r.name.includes('voice de') ? '' : pct(r.perLanguage['en-short'])} | ${mib(r.rssMiB)} | ${mib(r.heapMiB)} | ${load} | ${r.usPerCall.toFixed(0)} |`);
  }
  if (verbose) for (const r of rows) console.log(`\n${r.name}:\n  ${r.misses.join('\n  ')}`);
}

await main();
