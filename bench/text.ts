// prepareText cost per 4,096-character input: ordinary prose, number-heavy text and adversarial
// inputs (issue 10's backtracking and expansion cases). Run: npm run build && node dist/bench/text.js
import { prepareText } from '../src/text/index.js';
import { prose } from './lib.js';

const NUMBERS = 'On 3/14/2025 at 14:30 UTC, 3/4 of 1,250 voters paid $12.50 (approx. 5 km/h, 20 °C) in the 1990s; see p. 23, Chapter XIV, Henry VIII, call 555-123-4567 or mail info@example.com. ';
const fill = (unit: string, n = 4096) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

export const INPUTS: Record<string, string> = {
  'prose (en)': prose(4096).padEnd(4096, ' '),
  'number-heavy (en)': fill(NUMBERS),
  'heading + 4,092 spaces': `# a${' '.repeat(4092)}b`,
  '4,095 newlines': `${'\n'.repeat(4095)}a`,
  '4,096 x "9"': '9'.repeat(4096),
  '"1" x 400 + "th"': `${'1'.repeat(400)}th`,
  '4,096 x "["': '['.repeat(4096),
  '"1:" x 2,048': fill('1:'),
  '"XIV " x 1,024': fill('XIV '),
  '"1-" x 2,048': fill('1-'),
};

// Wall time, and the CPU time this process used: on a shared machine the second is the steadier figure.
function time(input: string, language: string, runs: number): { median: number; max: number; cpu: number; characters: number } {
  const opts = { firstChars: 200, maxChars: 600, voiceLanguage: language, detect: false };
  let characters = 0;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    characters = prepareText(input, opts).characters;
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], max: times[runs - 1], cpu: cpu[Math.floor(runs / 2)], characters };
}

const runs = Number(process.env.RUNS ?? 30);
for (const language of ['en', 'de', 'fr', 'es']) time(INPUTS['number-heavy (en)'], language, 5); // compile each language's rules, warm up
console.log(`| input (4,096 characters unless noted) | language | median ms | max ms | median CPU ms | prepared characters |`);
console.log(`|---|---|---|---|---|---|`);
for (const [name, input] of Object.entries(INPUTS)) {
  for (const language of name.endsWith('(en)') || name.startsWith('prose') ? ['en', 'de'] : ['en']) {
    const r = time(input, language, runs);
    console.log(`| ${name} | ${language} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.characters} |`);
  }
}
