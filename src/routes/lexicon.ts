// GET/PUT/DELETE /v1/audio/lexicon: the server-wide pronunciation dictionary (see src/text/lexicon.ts).
// Reading needs a key like the rest of /v1; writing needs the admin right (see server/auth.ts).
// In shared mode (MYNAH_REDIS_URL) edits are published to every replica and applied here from theirs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../speech.js';
import type { Shared } from '../shared/index.js';
import type { LexiconChange } from '../shared/types.js';
import { ApiError, badRequest } from '../server/errors.js';
import { LANGUAGE_CODE, LEXICON_LIMITS, LexiconFullError, entryProblem } from '../text/lexicon.js';

const language = { type: 'string', pattern: LANGUAGE_CODE.source };
const word = { type: 'string', minLength: 1, maxLength: LEXICON_LIMITS.wordChars };

export default async function lexiconRoutes(app: FastifyInstance, { services, shared }: { services: Services; shared?: Shared }) {
  const { lexicon } = services;
  const sync = services.config.redisUrl ? shared?.lexicon : undefined;
  // Edits from other replicas (and those made before this one started) are applied here.
  const apply = (c: LexiconChange) => {
    const applied = c.op === 'set' && c.replacement ? lexicon.set(c.language, c.word, c.replacement)
      : c.op === 'delete' ? lexicon.delete(c.language, c.word) : undefined;
    applied?.catch((err: Error) => app.log.warn({ err }, 'a shared lexicon edit could not be applied here'));
  };
  if (sync) {
    sync.subscribe(apply);
    for (const change of await sync.snapshot().catch(() => [])) apply(change);
  }
  // A successful edit here is published; the edit stands even if Redis is away.
  const publish = (request: FastifyRequest, change: LexiconChange) => sync?.publish(change).catch((err) => request.log.warn({ err }, 'lexicon edit not shared'));

  app.get<{ Querystring: { language?: string } }>('/v1/audio/lexicon', {
    schema: { querystring: { type: 'object', properties: { language }, additionalProperties: false } },
  }, async (request) => ({ object: 'list', data: lexicon.list(request.query.language) }));

  app.put<{ Body: { language: string; word: string; replacement: string } }>('/v1/audio/lexicon', {
    config: { access: 'admin' },
    schema: {
      body: {
        type: 'object',
        required: ['language', 'word', 'replacement'],
        additionalProperties: false,
        properties: { language, word, replacement: { type: 'string', minLength: 1, maxLength: LEXICON_LIMITS.replacementChars } },
      },
    },
  }, async (request) => {
    const { language: lang, word: w } = request.body;
    const replacement = request.body.replacement.trim();
    const problem = entryProblem(w, replacement);
    if (problem) throw badRequest(problem.message, problem.param, 'invalid_value');
    try {
      const entry = await lexicon.set(lang, w, replacement);
      await publish(request, { op: 'set', language: lang, word: w.toLowerCase(), replacement });
      return { object: 'lexicon.entry', ...entry };
    } catch (err) {
      if (err instanceof LexiconFullError) throw badRequest(err.message, 'word', 'lexicon_full');
      throw err;
    }
  });

  app.delete<{ Querystring: { language: string; word: string } }>('/v1/audio/lexicon', {
    config: { access: 'admin' },
    schema: { querystring: { type: 'object', required: ['language', 'word'], properties: { language, word } } },
  }, async (request) => {
    const { language: lang, word: w } = request.query;
    if (!await lexicon.delete(lang, w)) throw new ApiError(404, `No lexicon entry for '${w}' in '${lang}'.`, { param: 'word', code: 'not_found' });
    await publish(request, { op: 'delete', language: lang, word: w.toLowerCase() });
    return { object: 'lexicon.entry.deleted', language: lang, word: w.toLowerCase(), deleted: true };
  });
}
