// The `gateway` section of the config file (upstreams, routes, keys), with secrets and the database
// URL from the environment. Absent section: no gateway, Mynah serves local engines only.
import { RESPONSE_FORMATS, type ResponseFormat } from '../contract.js';
import type { GatewayConfig, KeyPolicy, UpstreamConfig } from '../gateway/types.js';

export type GatewayFileConfig = Partial<Omit<GatewayConfig, 'upstreams'>> & {
  upstreams?: (Partial<UpstreamConfig> & { apiKeyEnv?: string; supports?: Partial<UpstreamConfig['supports']>; timeouts?: Partial<UpstreamConfig['timeouts']> })[];
};

const KINDS = ['openai', 'elevenlabs'];
const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function parseGatewayConfig(file: GatewayFileConfig | undefined, env: NodeJS.ProcessEnv, dataDir: string): GatewayConfig | undefined {
  if (!file) return undefined;
  const upstreams = (file.upstreams ?? []).map((u, i): UpstreamConfig => {
    const where = `gateway.upstreams[${i}]`;
    if (!u.name || !/^[a-zA-Z0-9_.-]+$/.test(u.name)) throw new Error(`${where}.name must be letters, digits, '.', '_' or '-'`);
    if (!KINDS.includes(u.kind as string)) throw new Error(`${where}.kind must be one of ${KINDS.join(', ')}`);
    if (!u.baseUrl || !/^https?:\/\//.test(u.baseUrl)) throw new Error(`${where}.baseUrl must be an http(s) URL`);
    if ((u as { apiKey?: string }).apiKey) throw new Error(`${where}: put the secret in an environment variable and name it in apiKeyEnv`);
    const apiKey = u.apiKeyEnv ? env[u.apiKeyEnv] : undefined;
    if (u.apiKeyEnv && !apiKey) process.emitWarning(`gateway upstream ${u.name}: ${u.apiKeyEnv} is not set`);
    const formats = (u.supports?.formats ?? (u.kind === 'elevenlabs' ? ['mp3', 'pcm'] : [...RESPONSE_FORMATS])) as ResponseFormat[];
    for (const f of formats) if (!(RESPONSE_FORMATS as readonly string[]).includes(f)) throw new Error(`${where}.supports.formats: unknown format ${f}`);
    return {
      name: u.name,
      kind: u.kind as UpstreamConfig['kind'],
      baseUrl: u.baseUrl.replace(/\/+$/, ''),
      apiKey,
      models: u.models ?? {},
      voices: u.voices ?? {},
      supports: {
        formats,
        sse: u.supports?.sse ?? u.kind === 'openai',
        instructions: u.supports?.instructions ?? u.kind === 'openai',
        speed: u.supports?.speed ?? (u.kind === 'elevenlabs' ? [0.7, 1.2] : [0.25, 4]),
      },
      timeouts: { connectMs: 3000, firstByteMs: 15_000, totalMs: 300_000, ...u.timeouts },
      priority: u.priority,
      weight: u.weight ?? 1,
      pricePerMillionChars: u.pricePerMillionChars ?? 0,
      fields: u.fields ?? {},
    };
  });
  const names = new Set(upstreams.map((u) => u.name));
  if (names.size !== upstreams.length) throw new Error('gateway.upstreams: names must be unique');
  const routes = file.routes ?? {};
  for (const [model, targets] of Object.entries(routes)) {
    if (!Array.isArray(targets) || targets.length === 0) throw new Error(`gateway.routes.${model} must list at least one target`);
    for (const t of targets) if (!t.startsWith('local:') && !names.has(t)) throw new Error(`gateway.routes.${model}: unknown upstream ${t}`);
  }
  const keys: KeyPolicy[] = file.keys ?? [];
  return {
    upstreams,
    routes,
    breaker: { failures: 3, cooldownMs: 30_000, ...file.breaker },
    databaseUrl: env.MYNAH_DATABASE_URL ?? file.databaseUrl,
    databasePath: env.MYNAH_DATABASE_PATH ?? file.databasePath ?? `${dataDir}/gateway.db`,
    cacheMb: Number(env.MYNAH_GATEWAY_CACHE_MB ?? file.cacheMb ?? 64),
    keys,
  };
}
