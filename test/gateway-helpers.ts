// A gateway Mynah on loopback for the tests: the given `gateway` config section, a keys file, a
// temp SQLite database (or the PostgreSQL URL given), the official SDK as client.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { parseGatewayConfig, type GatewayFileConfig } from '../src/config/gateway.js';
import type { KeyEntry } from '../src/server/auth.js';
import { startServer, type TestServer } from './helpers.js';

export interface TestGateway extends TestServer { dir: string; as(key: string): OpenAI }

export async function startGateway(section: GatewayFileConfig, opts: { keys?: KeyEntry[]; env?: NodeJS.ProcessEnv; apiKey?: string } = {}): Promise<TestGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-gw-'));
  const gateway = parseGatewayConfig({ databasePath: join(dir, 'gateway.db'), cacheMb: 0, ...section }, opts.env ?? {}, dir);
  let keysFile: string | undefined;
  if (opts.keys) {
    keysFile = join(dir, 'keys.json');
    await writeFile(keysFile, JSON.stringify({ keys: opts.keys }));
  }
  // Admin keys are the server's (MYNAH_ADMIN_KEYS), not the gateway section's.
  const adminKeys = (opts.env?.MYNAH_ADMIN_KEYS ?? '').split(',').filter(Boolean);
  const t = await startServer({ gateway, keysFile, adminKeys, workers: 1 }, opts.apiKey ?? opts.keys?.[0]?.key ?? 'unused');
  return {
    ...t,
    dir,
    as: (key: string) => new OpenAI({ baseURL: `${t.url}/v1`, apiKey: key, maxRetries: 0 }),
    async close() {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An upstream entry pointing at a test server. */
export const upstream = (name: string, url: string, extra: Record<string, unknown> = {}) => ({
  name, kind: 'openai' as const, baseUrl: `${url}/v1`, timeouts: { connectMs: 2000, firstByteMs: 2000, totalMs: 30_000 }, ...extra,
});

export async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}
