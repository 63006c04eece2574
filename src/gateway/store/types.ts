// The gateway's storage interface: usage records and client keys. One interface, two backends
// behind one query layer (Kysely): embedded SQLite (default) and PostgreSQL (MYNAH_DATABASE_URL).
// Replicas sharing a PostgreSQL database share usage and keys, so budgets count across them.

/**
 * ok: served whole; error: cut after the first bytes (truncated); aborted: the client left;
 * failed: no target produced audio; rejected: refused before any target (key, budget).
 * Usage and budgets count what was served: everything but failed and rejected.
 */
export type Outcome = 'ok' | 'error' | 'aborted' | 'failed' | 'rejected';

export interface UsageRecord {
  /** Unix milliseconds when the request arrived. */
  time: number;
  /** Client key id (a key's name), or null when the server has no keys. */
  keyId: string | null;
  model: string;
  /** The target that served it (`openai-main`, `local:kokoro`), or null when none did. */
  target: string | null;
  attempts: number;
  /** Unicode code points of `input` (not UTF-8 bytes: CJK text is not billed three times). */
  characters: number;
  /** Seconds of audio served; null when the format does not say (mp3 passed through, say). */
  audioSeconds: number | null;
  /** Money charged for this request, in USD. */
  cost: number;
  /** Milliseconds until the first audio byte was sent; null when none was. */
  ttfbMs: number | null;
  outcome: Outcome;
  /** Whether the result cache answered it. */
  cached?: boolean;
}

export interface ClientKey {
  /** The key's id: what the auth layer calls its name (never the secret itself). */
  id: string;
  /** Budgets; null means unlimited. */
  charsPerDay: number | null;
  charsPerMonth: number | null;
  /** USD per calendar month (UTC). */
  moneyPerMonth: number | null;
  /** Model ids this key may use; null means all. */
  allowedModels: string[] | null;
  /** Never relay this key's text to an upstream: local targets only. */
  localOnly: boolean;
}

export interface UsageQuery {
  /** Unix seconds, inclusive. */
  start: number;
  /** Unix seconds, exclusive. */
  end: number;
  bucketSeconds: number;
  groupBy: ('model' | 'api_key_id' | 'target')[];
}

export interface UsageBucketRow {
  /** Index of the bucket from `start`. */
  bucket: number;
  model?: string;
  api_key_id?: string | null;
  target?: string | null;
  characters: number;
  requests: number;
  audioSeconds: number;
  cost: number;
}

export interface Spent { characters: number; cost: number }

export interface GatewayStore {
  readonly dialect: 'sqlite' | 'postgres';
  recordUsage(record: UsageRecord): Promise<void>;
  /** Totals of one key's served (non-rejected) requests since a time (unix ms). */
  spentSince(keyId: string, sinceMs: number): Promise<Spent>;
  usage(query: UsageQuery): Promise<UsageBucketRow[]>;
  getKey(id: string): Promise<ClientKey | undefined>;
  putKey(key: ClientKey): Promise<void>;
  deleteKey(id: string): Promise<boolean>;
  listKeys(): Promise<ClientKey[]>;
  close(): Promise<void>;
}
