// What a config file (mynah.config.json) may hold: one rule per setting, checked when the file is
// read (start-up, `mynah doctor`), so a typo or a wrong type ends with one line naming the key,
// not a stack trace. The table is typed against Config: a setting added there without a rule here
// does not compile (null: not settable from the file).
import type { Config } from './index.js';

/** A configuration the server cannot start with; the CLI prints its message alone (exit 3). */
export class ConfigError extends Error {}

type Rule =
  | { type: 'string'; values?: readonly string[] }
  | { type: 'integer' | 'number'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'string[]' }
  | { type: 'map'; of: 'string[]' | 'string-map' }
  /** Checked in depth by its own reader (the gateway section: config/gateway.ts). */
  | { type: 'object' };

export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const CONFIG_FILE_SCHEMA: { [K in keyof Config]-?: Rule | null } = {
  host: { type: 'string' },
  port: { type: 'integer', min: 0, max: 65535 },
  apiKeys: { type: 'string[]' },
  workers: { type: 'integer', min: 1 },
  cacheMb: { type: 'number', min: 0 },
  splitJobs: { type: 'boolean' },
  corsOrigin: { type: 'string' },
  detectLanguage: { type: 'boolean' },
  logLevel: { type: 'string', values: LOG_LEVELS },
  logFormat: { type: 'string', values: LOG_FORMATS },
  modelAliases: { type: 'map', of: 'string[]' },
  voiceMap: { type: 'map', of: 'string-map' },
  fallbackEngine: { type: 'string' },
  modelsDir: { type: 'string' },
  sherpaThreads: { type: 'integer', min: 1 },
  bodyLimit: { type: 'integer', min: 0 },
  maxInputChars: { type: 'integer', min: 0 },
  maxConcurrent: { type: 'integer', min: 0 },
  maxQueue: { type: 'integer', min: 0 },
  jobTimeoutMs: { type: 'integer', min: 0 },
  shutdownGraceMs: { type: 'integer', min: 0 },
  rateLimitRequests: { type: 'integer', min: 0 },
  rateLimitChars: { type: 'integer', min: 0 },
  keysFile: { type: 'string' },
  logInput: { type: 'boolean' },
  workersReason: null,
  blendSessions: { type: 'integer', min: 0 },
  pullStallMs: { type: 'integer', min: 1 },
  instructionsAnyModel: { type: 'boolean' },
  gateway: { type: 'object' },
  ffmpeg: { type: 'string' },
  writeStallMs: { type: 'integer', min: 1 },
  headersTimeoutMs: { type: 'integer', min: 1 },
  requestTimeoutMs: { type: 'integer', min: 1 },
  keepAliveTimeoutMs: { type: 'integer', min: 1 },
  maxAudioSecondsPerChar: { type: 'number', min: 0 },
  maxExpansion: { type: 'number', min: 0 },
  workerHeapMb: { type: 'integer', min: 64 },
  adminKeys: { type: 'string[]' },
  lexiconDir: { type: 'string' },
  debugStats: { type: 'boolean' },
  redisUrl: { type: 'string' },
  redisFailMode: { type: 'string', values: ['open', 'closed'] },
  jobsDir: { type: 'string' },
  jobsTtlS: { type: 'integer', min: 1 },
  jobsMaxChars: { type: 'integer', min: 1 },
  jobsLockMs: { type: 'integer', min: 1 },
  jobsResultsDir: { type: 'string' },
  jobsResultsShared: { type: 'boolean' },
  jobsRedisFileMb: { type: 'number', min: 0 },
};

/** Parses JSON text; a syntax error names the file, line and column. */
export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8 gives a position for some errors only, so the place is found by a scan of our own.
    const at = Math.max(0, syntaxErrorAt(text));
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const why = (err as Error).message.split(/ in JSON at position|, "|\.\.\."/)[0].replace(/,\s*$/, '');
    throw new ConfigError(`${path} line ${line}, column ${column}: malformed JSON (${why})`);
  }
}

/** Offset of the first JSON syntax error in text (text.length when it ends too soon), -1 when it is valid JSON. */
export function syntaxErrorAt(text: string): number {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const fail = () => { throw i; };
  const literal = (word: string) => { if (text.startsWith(word, i)) i += word.length; else fail(); };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail(); i += 4; }
        else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++; ws();
      if (text[i] === close) { i++; return; }
      for (;;) {
        if (c === '{') { ws(); if (text[i] !== '"') fail(); string(); ws(); if (text[i] !== ':') fail(); i++; }
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === close) { i++; return; }
        fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value(); ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return Math.min(at, text.length);
    throw at;
  }
  return -1;
}

/** Every problem in a parsed config file, one sentence each, naming the key. */
export function checkConfigFile(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: must be a JSON object ({ "port": 8000, ... })`];
  const problems: string[] = [];
  const rules = CONFIG_FILE_SCHEMA as Record<string, Rule | null>;
  for (const [key, v] of Object.entries(value)) {
    const rule = Object.hasOwn(rules, key) ? rules[key] : null;
    if (!rule) {
      const near = closest(key, Object.keys(rules).filter((k) => rules[k]));
      problems.push(`${path}: unknown key '${key}'${near ? ` (did you mean '${near}'?)` : ''}`);
      continue;
    }
    const wrong = mismatch(rule, v);
    if (wrong) problems.push(`${path}: '${key}' must be ${wrong}, not ${JSON.stringify(v)}`);
  }
  return problems;
}

function mismatch(rule: Rule, v: unknown): string | undefined {
  switch (rule.type) {
    case 'string':
      if (typeof v !== 'string') return 'a string';
      if (rule.values && !rule.values.includes(v)) return `one of ${rule.values.join(', ')}`;
      return;
    case 'integer':
    case 'number': {
      const range = rule.max !== undefined ? ` from ${rule.min} to ${rule.max}` : rule.min !== undefined ? ` of at least ${rule.min}` : '';
      const what = `${rule.type === 'integer' ? 'a whole number' : 'a number'}${range}`;
      if (typeof v !== 'number' || !Number.isFinite(v) || (rule.type === 'integer' && !Number.isInteger(v))) return what;
      if ((rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max)) return what;
      return;
    }
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'true or false';
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'an object';
    case 'string[]':
      return Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'a list of strings';
    case 'map': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object';
      const inner: Rule = rule.of === 'string[]' ? { type: 'string[]' } : { type: 'map', of: 'string[]' };
      for (const x of Object.values(v)) {
        if (rule.of === 'string[]' ? mismatch(inner, x) : !isStringMap(x)) {
          return rule.of === 'string[]' ? 'an object of string lists ({ "tts-1": ["piper", "flite"] })' : 'an object of string maps ({ "flite": { "alloy": "slt" } })';
        }
      }
      return;
    }
  }
}

const isStringMap = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((s) => typeof s === 'string');

/** The known key a typo most likely meant (edit distance at most 2, or a case slip). */
function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined, bestD = 3;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : distance(k, key);
    if (d < bestD) { best = k; bestD = d; }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
