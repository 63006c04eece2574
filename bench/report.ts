// Turns benchmark results into the Markdown tables of BENCHMARKS.md. Only the part between the
// results markers is rewritten, so the hand-written notes around it (profile, changes) stay.
import { readFile, writeFile } from 'node:fs/promises';

export interface Results {
  machine: { cpu: string; cores: number; loadAverage: number[]; loadAverageAfter?: number[]; connectionResets?: number; memoryGiB: number; node: string; platform: string; workers: number; date: string };
  ttfb: { length: string; chars: number; format: string; medianMs: number; p95Ms: number; n: number }[];
  rtf: { engine: string; voice: string; format: string; audioSeconds: number; wallSeconds: number; rtf: number; timesRealTime: number }[];
  overhead: { engine: string; length: string; chars: number; format: string; rawMs: number; fullMs: number; ratio: number }[];
  concurrency: {
    mode: string; streams: number; requests: number; audioSecondsPerSecond: number;
    ttfbP50Ms: number; ttfbP95Ms: number; ttfbP99Ms: number; loopP99Ms: number; loopMaxMs: number; rssPeakMiB: number;
  }[];
  memory: { idleMiB: number; underLoadMiB: number; warmMiB: number; after1000MiB: number; growthPct: number } | null;
}

const START = '<!-- results:start (written by npm run bench) -->';
const END = '<!-- results:end -->';

function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function render(r: Results): string {
  const m = r.machine;
  const parts = [
    `Measured ${m.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}), ` +
      `${m.workers} synthesis workers. Default voice (\`gpt-4o-mini-tts\` + \`alloy\` = flite \`kal16\`) unless an engine is named. ` +
      'The load generator runs on the same machine and competes for the same cores. ' +
      `Load average (1/5/15 min) when the run started: ${m.loadAverage.join(' / ')}${m.loadAverageAfter ? `, when it ended: ${m.loadAverageAfter.join(' / ')}` : ''}. ` +
      `Connections reset before a response and retried: ${m.connectionResets ?? 0}.`,
  ];
  if (r.ttfb.length) {
    const formats = [...new Set(r.ttfb.map((t) => t.format))];
    const lengths = [...new Set(r.ttfb.map((t) => t.length))];
    parts.push('### Time to first audio byte (ms, median / p95, one request at a time, `stream_format: audio`)',
      table(['input', ...formats], lengths.map((l) => {
        const chars = r.ttfb.find((t) => t.length === l)!.chars;
        return [`${l} (${chars} chars)`, ...formats.map((f) => { const t = r.ttfb.find((x) => x.length === l && x.format === f)!; return `${t.medianMs} / ${t.p95Ms}`; })];
      })));
  }
  if (r.rtf.length) {
    const formats = [...new Set(r.rtf.map((t) => t.format))];
    const engines = [...new Set(r.rtf.map((t) => t.engine))];
    parts.push('### Real-time factor (wall time / audio time, lower is faster; whole response, 1,000-character input)',
      table(['engine (voice, audio s)', ...formats], engines.map((e) => {
        const first = r.rtf.find((t) => t.engine === e)!;
        return [`${e} (${first.voice}, ${first.audioSeconds} s)`, ...formats.map((f) => { const t = r.rtf.find((x) => x.engine === e && x.format === f)!; return `${t.rtf} (${t.timesRealTime}x)`; })];
      })));
  }
  if (r.overhead.length) {
    parts.push('### Full HTTP path vs the raw engine in-process (same text; raw = one engine call, no resampling or encoding)',
      table(['engine', 'input', 'format', 'raw engine ms', 'full path ms', 'ratio'],
        r.overhead.map((o) => [o.engine, `${o.length} (${o.chars} chars)`, o.format, o.rawMs, o.fullMs, `${o.ratio}x`])));
  }
  if (r.concurrency.length) {
    parts.push('### Concurrent streams (1,000-character input, mp3, each client requests again as soon as a response ends; engine in the mode column)',
      table(['mode', 'streams', 'requests', 'audio s per s', 'vs 1 stream', 'TTFB p50 / p95 / p99 ms', 'event-loop delay p99 / max ms', 'peak RSS MiB'],
        r.concurrency.map((c) => {
          const one = r.concurrency.find((x) => x.mode === c.mode && x.streams === 1)!;
          return [c.mode, c.streams, c.requests, c.audioSecondsPerSecond, `${(c.audioSecondsPerSecond / one.audioSecondsPerSecond).toFixed(2)}x`,
            `${c.ttfbP50Ms} / ${c.ttfbP95Ms} / ${c.ttfbP99Ms}`, `${c.loopP99Ms} / ${c.loopMaxMs}`, c.rssPeakMiB];
        })));
  }
  if (r.memory) {
    const mem = r.memory;
    parts.push('### Memory (RSS of the server process, workers included; the 1,000 requests are short sentences on the concurrency runs\' voice, mixed formats, 4 at a time)',
      table(['idle after start', 'peak under load', 'after 50 warm-up requests', 'after 1,000 more', 'growth over 1,000'],
        [[`${mem.idleMiB} MiB`, `${mem.underLoadMiB} MiB`, `${mem.warmMiB} MiB`, `${mem.after1000MiB} MiB`, `${mem.growthPct} %`]]));
  }
  return parts.join('\n\n');
}

export async function writeReport(r: Results, path: string): Promise<void> {
  let doc = '';
  try { doc = await readFile(path, 'utf8'); } catch { /* first run */ }
  const block = `${START}\n${render(r)}\n${END}`;
  const at = doc.indexOf(START);
  const end = doc.indexOf(END);
  doc = at >= 0 && end > at ? doc.slice(0, at) + block + doc.slice(end + END.length) : `# Benchmarks\n\n${block}\n${doc}`;
  await writeFile(path, doc);
}
