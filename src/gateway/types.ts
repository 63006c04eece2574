// The gateway's configuration and the shapes its parts agree on. Read once at start-up from the
// `gateway` section of the config file (src/config/gateway.ts); secrets come from the environment.
import type { ResponseFormat } from '../contract.js';

export type UpstreamKind = 'openai' | 'elevenlabs';

export interface UpstreamConfig {
  name: string;
  /** `openai`: any OpenAI-compatible base URL (OpenAI, CometAPI, another Mynah); `elevenlabs`. */
  kind: UpstreamKind;
  /** Up to and including the API version: `https://api.openai.com/v1`, `https://api.elevenlabs.io`. */
  baseUrl: string;
  /** The secret, resolved from `apiKeyEnv` at start-up. Never logged or echoed. */
  apiKey?: string;
  /** Mynah model id -> this upstream's model id (unlisted ids are sent as they are). */
  models: Record<string, string>;
  /** Voice name -> this upstream's voice (for ElevenLabs: a voice_id). */
  voices: Record<string, string>;
  supports: {
    formats: ResponseFormat[];
    sse: boolean;
    instructions: boolean;
    speed: [number, number];
  };
  timeouts: { connectMs: number; firstByteMs: number; totalMs: number };
  /** Tier within a route: lower first; unset means the target's position in the route. */
  priority?: number;
  /** Share of traffic among targets of the same tier. */
  weight: number;
  /** USD per million input characters (code points), for costs and money budgets. */
  pricePerMillionChars: number;
  /** Extension fields of the request body to forward: `allow` (only these) or `deny` (all but these). */
  fields: { allow?: string[]; deny?: string[] };
}

export interface KeyPolicy {
  id: string;
  charsPerDay?: number;
  charsPerMonth?: number;
  moneyPerMonth?: number;
  allowedModels?: string[];
  localOnly?: boolean;
}

export interface GatewayConfig {
  upstreams: UpstreamConfig[];
  /** Model id -> targets in order: upstream names or `local:<model or engine>`. */
  routes: Record<string, string[]>;
  /** Consecutive failures that open an upstream's circuit, and how long it stays open. */
  breaker: { failures: number; cooldownMs: number };
  /** postgres://... (MYNAH_DATABASE_URL); otherwise the SQLite file `databasePath`. */
  databaseUrl?: string;
  databasePath: string;
  /** Megabytes of finished responses kept across targets; 0 turns the result cache off. */
  cacheMb: number;
  /** Key policies loaded into the database at start-up (also managed through the admin API). */
  keys: KeyPolicy[];
}
