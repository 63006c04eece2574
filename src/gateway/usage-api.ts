// OpenAI's Usage and Costs APIs over the gateway's usage records, and key management:
//   GET /v1/organization/usage/audio_speeches  (start_time, end_time, bucket_width, group_by, limit, page)
//   GET /v1/organization/costs                 (start_time, end_time, bucket_width=1d, group_by, limit, page)
//   GET|PUT|DELETE /v1/organization/gateway/keys[/:id]
// Admin keys only (see server/auth.ts).
import type { FastifyInstance } from 'fastify';
import { ApiError, badRequest } from '../server/errors.js';
import type { ClientKey, GatewayStore, UsageBucketRow } from './store/types.js';

const WIDTHS: Record<string, { seconds: number; limit: number; max: number }> = {
  '1m': { seconds: 60, limit: 60, max: 1440 },
  '1h': { seconds: 3600, limit: 24, max: 168 },
  '1d': { seconds: 86400, limit: 7, max: 31 },
};

type Query = Record<string, string | string[] | undefined>;

const many = (q: Query, name: string): string[] => [q[name], q[`${name}[]`]].flat().filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(','));

function int(q: Query, name: string, required: boolean): number | undefined {
  const raw = q[name];
  if (raw === undefined) {
    if (required) throw badRequest(`Missing required parameter: '${name}'.`, name);
    return undefined;
  }
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  if (!Number.isInteger(value) || value < 0) throw badRequest(`Invalid '${name}': expected a non-negative integer.`, name);
  return value;
}

/** The buckets of one page: the cursor is the index of the first bucket, opaque to clients. */
function pageOf(q: Query, widths: Record<string, { seconds: number; limit: number; max: number }>) {
  const start = int(q, 'start_time', true)!;
  const end = int(q, 'end_time', false) ?? Math.ceil(Date.now() / 1000);
  if (end <= start) throw badRequest("'end_time' must be after 'start_time'.", 'end_time');
  const widthName = (q.bucket_width as string | undefined) ?? '1d';
  const width = widths[widthName];
  if (!width) throw badRequest(`Invalid 'bucket_width': use ${Object.keys(widths).join(', ')}.`, 'bucket_width');
  const limit = int(q, 'limit', false) ?? width.limit;
  if (limit < 1 || limit > width.max) throw badRequest(`Invalid 'limit' for bucket_width ${widthName}: 1 to ${width.max}.`, 'limit');
  let first = 0;
  if (q.page) {
    const decoded = Number(Buffer.from(String(q.page), 'base64url').toString());
    if (!Number.isInteger(decoded) || decoded < 0) throw badRequest("Invalid 'page' cursor.", 'page');
    first = decoded;
  }
  const total = Math.ceil((end - start) / width.seconds);
  const last = Math.min(total, first + limit);
  const pageStart = start + first * width.seconds;
  const pageEnd = Math.min(end, start + last * width.seconds);
  return { start, end, width: width.seconds, first, last, pageStart, pageEnd, next: last < total ? Buffer.from(String(last)).toString('base64url') : null };
}

function buckets(page: ReturnType<typeof pageOf>, rows: UsageBucketRow[], result: (r: UsageBucketRow) => object) {
  const data = [];
  for (let i = page.first; i < page.last; i++) {
    const startTime = page.start + i * page.width;
    // Row buckets are counted from the page's start.
    const inBucket = rows.filter((r) => r.bucket === i - page.first);
    data.push({ object: 'bucket', start_time: startTime, end_time: Math.min(page.end, startTime + page.width), results: inBucket.map(result) });
  }
  return { object: 'page', data, has_more: page.next !== null, next_page: page.next };
}

// Admin only: the access guard (server/auth.ts) reads `config.access` of the matched route.
export default async function usageRoutes(app: FastifyInstance, { store }: { store: GatewayStore }) {

  app.get('/v1/organization/usage/audio_speeches', { config: { access: 'admin' } }, async (request) => {
    const q = request.query as Query;
    const page = pageOf(q, WIDTHS);
    const groupBy = many(q, 'group_by');
    for (const g of groupBy) if (!['model', 'api_key_id', 'project_id', 'user_id'].includes(g)) throw badRequest(`Invalid 'group_by' value '${g}'.`, 'group_by');
    const rows = await store.usage({ start: page.pageStart, end: page.pageEnd, bucketSeconds: page.width, groupBy: groupBy.filter((g): g is 'model' | 'api_key_id' => g === 'model' || g === 'api_key_id') });
    const models = many(q, 'models');
    const keys = many(q, 'api_key_ids');
    const kept = rows.filter((r) => (models.length === 0 || models.includes(r.model!)) && (keys.length === 0 || keys.includes(r.api_key_id!)));
    return buckets(page, kept, (r) => ({
      object: 'organization.usage.audio_speeches.result',
      characters: r.characters,
      num_model_requests: r.requests,
      project_id: null,
      user_id: null,
      api_key_id: groupBy.includes('api_key_id') ? r.api_key_id ?? null : null,
      model: groupBy.includes('model') ? r.model ?? null : null,
    }));
  });

  app.get('/v1/organization/costs', { config: { access: 'admin' } }, async (request) => {
    const q = request.query as Query;
    const page = pageOf(q, { '1d': { seconds: 86400, limit: 7, max: 180 } });
    const groupBy = many(q, 'group_by');
    for (const g of groupBy) if (!['line_item', 'project_id'].includes(g)) throw badRequest(`Invalid 'group_by' value '${g}'.`, 'group_by');
    const byItem = groupBy.includes('line_item');
    const rows = await store.usage({ start: page.pageStart, end: page.pageEnd, bucketSeconds: page.width, groupBy: byItem ? ['target'] : [] });
    return buckets(page, rows, (r) => ({
      object: 'organization.costs.result',
      amount: { value: Math.round(r.cost * 1e6) / 1e6, currency: 'usd' },
      // A line item is the target that served the requests (an upstream's name, or local:...).
      line_item: byItem ? r.target ?? null : null,
      project_id: null,
    }));
  });

  app.get('/v1/organization/gateway/keys', { config: { access: 'admin' } }, async () => ({ object: 'list', data: await store.listKeys() }));
  app.put<{ Params: { id: string }; Body: Partial<ClientKey> }>('/v1/organization/gateway/keys/:id', {
    config: { access: 'admin' },
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          charsPerDay: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
          charsPerMonth: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
          moneyPerMonth: { anyOf: [{ type: 'number', minimum: 0 }, { type: 'null' }] },
          allowedModels: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
          localOnly: { type: 'boolean' },
        },
      },
    },
  }, async (request) => {
    const b = request.body ?? {};
    const key: ClientKey = { id: request.params.id, charsPerDay: b.charsPerDay ?? null, charsPerMonth: b.charsPerMonth ?? null, moneyPerMonth: b.moneyPerMonth ?? null, allowedModels: b.allowedModels ?? null, localOnly: b.localOnly ?? false };
    await store.putKey(key);
    return key;
  });
  app.delete<{ Params: { id: string } }>('/v1/organization/gateway/keys/:id', { config: { access: 'admin' } }, async (request) => {
    if (!(await store.deleteKey(request.params.id))) throw new ApiError(404, `No key '${request.params.id}'.`);
    return { id: request.params.id, deleted: true };
  });
}
