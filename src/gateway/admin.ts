// A tiny admin-key check for the gateway's /v1/organization/* routes, from MYNAH_ADMIN_KEYS.
// Meant to be swapped for the auth layer's admin keys once it has them: it is one function.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../server/errors.js';
import { keyFrom } from '../server/auth.js';

export type AdminCheck = (request: FastifyRequest) => void;

const digest = (key: string) => createHash('sha256').update(key).digest();

export function adminCheck(adminKeys: string[]): AdminCheck {
  const digests = adminKeys.map(digest);
  return (request) => {
    if (digests.length === 0) throw new ApiError(403, 'The organization API needs an admin key; the server has none (set MYNAH_ADMIN_KEYS).', { type: 'permission_error' });
    const key = keyFrom(request);
    const d = key ? digest(key) : undefined;
    if (!d || !digests.some((x) => timingSafeEqual(x, d))) {
      throw new ApiError(401, 'This endpoint needs an admin key.', { type: 'invalid_request_error', code: 'invalid_api_key' });
    }
  };
}
