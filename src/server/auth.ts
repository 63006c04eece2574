// Access control. Every route is decided on the route the router MATCHED (request.routeOptions),
// never on the raw URL: `/%761/audio/speech`, `http://x/v1/...` and `/v1/./audio/speech` reach the
// same route and so the same check. The rules:
// - public: the routes in PUBLIC_ROUTES (playground, liveness, readiness, OpenAPI), for anyone;
// - admin:  routes declared with `config: { access: 'admin' }` (lexicon writes, /debug/stats);
// - key:    everything else, including a URL that matches no route, so that a client without a
//           key learns nothing about which routes exist (401 before 404).
// Keys: `Authorization: Bearer <key>` (OpenAI SDKs) or `api-key: <key>` (Azure-style clients), from
// MYNAH_API_KEYS, MYNAH_ADMIN_KEYS and/or a key file with per-key limits and roles; compared as
// sha256 digests in constant time and never logged (only a key's name is).
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
  /** May write the lexicon and read /debug/stats. */
  admin?: boolean;
}

/** Who a request was admitted as: a key's name (never the key), used for limits and logs. */
export interface Identity { name: string; rpm?: number; cpm?: number; admin: boolean }

export type Access = 'public' | 'key' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig { access?: Access }
}

/** Route patterns (as registered, not as requested) anyone may call. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  '/', '/playground/app.js', '/playground/style.css', // the playground asks for a key when the API answers 401
  '/health', '/ready', // probes from orchestrators, which carry no key
  '/openapi.json', '/docs', // the API's description (routes/openapi.ts): no secrets, and clients read it before they have a key
]);

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

/** Reads a key file: `{"keys": [{"key": "sk-...", "name": "alice", "rpm": 60, "cpm": 50000, "admin": true}]}` or the bare array. */
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
    if (entry.admin !== undefined && typeof entry.admin !== 'boolean') throw new Error(`keys file ${path}: entry ${i} has a bad "admin" (true or false)`);
    return entry;
  });
}

/** Shows a key the way OpenAI's 401 does: the first and last four characters. */
const mask = (key: string) => (key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 4)}...${key.slice(-4)}`);

const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

export interface AuthOptions {
  /** Keys for the API; when there are none, key routes are open to anyone. */
  apiKeys: (string | KeyEntry)[];
  /** Keys with the admin right (also valid wherever a key is). */
  adminKeys: string[];
}

/**
 * Returns the onRequest guard. Admin routes need an admin key when any admin key exists (a
 * MYNAH_ADMIN_KEYS entry or `"admin": true` in the key file); when none exists they are served
 * only to loopback clients (and with a valid key if the API has keys), so a fresh install can
 * edit its lexicon from the same machine and nobody else can.
 */
export function createGuard({ apiKeys, adminKeys }: AuthOptions) {
  const entries = [
    ...apiKeys.map((k, i) => {
      const e = typeof k === 'string' ? { key: k } : k;
      return { digest: digest(e.key), identity: { name: e.name ?? `key${i + 1}`, rpm: e.rpm, cpm: e.cpm, admin: e.admin === true } };
    }),
    ...adminKeys.map((key, i) => ({ digest: digest(key), identity: { name: `admin${i + 1}`, admin: true } as Identity })),
  ];
  const keysRequired = apiKeys.length > 0;
  const adminKeysExist = entries.some((e) => e.identity.admin);

  const identify = (request: FastifyRequest): Identity => {
    const key = keyFrom(request);
    if (!key) {
      throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    const given = digest(key);
    let found: Identity | undefined;
    // A key in the key file that is also in MYNAH_ADMIN_KEYS keeps its name and limits and is admin.
    for (const e of entries) {
      if (!timingSafeEqual(e.digest, given)) continue;
      found = found ? { ...found, admin: found.admin || e.identity.admin } : e.identity;
    }
    if (!found) throw new ApiError(401, `Incorrect API key provided: ${mask(key)}. Check the keys this server is configured with.`, { code: 'invalid_api_key' });
    return found;
  };

  const known = (request: FastifyRequest): Identity | undefined => {
    try {
      return keyFrom(request) ? identify(request) : undefined;
    } catch {
      return undefined;
    }
  };

  return async function guard(request: FastifyRequest): Promise<void> {
    const access = accessOf(request);
    if (access === 'public') return;
    if (access === 'key') {
      if (keysRequired) request.identity = identify(request);
      // With no API keys the API is open: SDKs insist on sending some key, so an unknown one is
      // ignored, and an admin key that is sent anyway still names the client.
      else request.identity = known(request) ?? null;
      return;
    }
    if (adminKeysExist) {
      request.identity = identify(request);
      if (!request.identity.admin) throw forbidden('This operation needs an admin key.');
      return;
    }
    if (keysRequired) request.identity = identify(request);
    // request.socket, not request.ip: no X-Forwarded-For header can make a client local.
    if (!isLoopback(request.socket.remoteAddress)) {
      throw forbidden('This operation is only allowed from the server itself (loopback) until admin keys are configured (MYNAH_ADMIN_KEYS, or "admin": true in the keys file).');
    }
  };
}

const forbidden = (message: string) => new ApiError(403, message, { code: 'insufficient_permissions' });

/** The access a request needs, from the route it matched; no match needs a key (default-deny). */
export function accessOf(request: FastifyRequest): Access {
  const route = request.routeOptions;
  if (route.url === undefined) return 'key';
  if (PUBLIC_ROUTES.has(route.url)) return 'public';
  return route.config?.access === 'admin' ? 'admin' : 'key';
}
