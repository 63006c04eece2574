// API keys: `Authorization: Bearer <key>` (OpenAI SDKs) or `api-key: <key>` (Azure-style clients).
// Keys come from MYNAH_API_KEYS and/or a key file with per-key limits; they are compared as
// sha256 digests in constant time and never logged (only a key's name or index is).
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

export interface KeyEntry {
  key: string;
  /** Shown in logs and metrics instead of the key. */
  name?: string;
  /** Requests per minute for this key (overrides the default). */
  rpm?: number;
  /** Input characters per minute for this key (overrides the default). */
  cpm?: number;
}

/** Who a request was admitted as: a key's name (never the key), used for limits and logs. */
export interface Identity { name: string; rpm?: number; cpm?: number }

const digest = (key: string) => createHash('sha256').update(key).digest();

export function keyFrom(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return match ? match[1].trim() : undefined;
  }
  const header = request.headers['api-key'];
  return typeof header === 'string' && header ? header.trim() : undefined;
}

/** Reads a key file: `{"keys": [{"key": "sk-...", "name": "alice", "rpm": 60, "cpm": 50000}]}` or the bare array. */
export function readKeysFile(path: string): KeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read keys file ${path}: ${(err as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(list)) throw new Error(`keys file ${path}: expected {"keys": [...]}`);
  return list.map((e, i) => {
    const entry = typeof e === 'string' ? { key: e } : (e as KeyEntry);
    if (!entry || typeof entry.key !== 'string' || !entry.key) throw new Error(`keys file ${path}: entry ${i} has no "key"`);
    for (const f of ['rpm', 'cpm'] as const) {
      if (entry[f] !== undefined && !(Number.isFinite(entry[f]) && entry[f]! >= 0)) throw new Error(`keys file ${path}: entry ${i} has a bad "${f}"`);
    }
    return entry;
  });
}

/** Shows a key the way OpenAI's 401 does: the first and last four characters. */
const mask = (key: string) => (key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 4)}...${key.slice(-4)}`);

/** Returns a checker that throws OpenAI's 401 errors; comparison is constant-time over digests. */
export function createKeyCheck(keys: (string | KeyEntry)[]) {
  const entries = keys.map((k, i) => {
    const e = typeof k === 'string' ? { key: k } : k;
    return { digest: digest(e.key), identity: { name: e.name ?? `key${i + 1}`, rpm: e.rpm, cpm: e.cpm } };
  });
  return (request: FastifyRequest): Identity => {
    const key = keyFrom(request);
    if (!key) {
      throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    const given = digest(key);
    let found: Identity | undefined;
    for (const e of entries) if (timingSafeEqual(e.digest, given)) found ??= e.identity;
    if (!found) throw new ApiError(401, `Incorrect API key provided: ${mask(key)}. Check the keys this server is configured with.`, { code: 'invalid_api_key' });
    return found;
  };
}
