// API keys: `Authorization: Bearer <key>` (OpenAI SDKs) or `api-key: <key>` (Azure-style clients).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

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

/** Shows a key the way OpenAI's 401 does: the first and last four characters. */
const mask = (key: string) => (key.length <= 8 ? '*'.repeat(key.length) : `${key.slice(0, 4)}...${key.slice(-4)}`);

/** Returns a checker that throws OpenAI's 401 errors; comparison is constant-time over digests. */
export function createKeyCheck(keys: string[]) {
  const digests = keys.map(digest);
  return (request: FastifyRequest) => {
    const key = keyFrom(request);
    if (!key) {
      throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    const given = digest(key);
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, given) || ok;
    if (!ok) throw new ApiError(401, `Incorrect API key provided: ${mask(key)}.`, { code: 'invalid_api_key' });
  };
}
