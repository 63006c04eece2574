// GET/PUT/DELETE /v1/audio/lexicon: the server-wide pronunciation dictionary (see src/text/lexicon.ts).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../speech.js';
import { ApiError, badRequest } from '../server/errors.js';
import { lexiconFor } from '../text/lexicon.js';
import { LANGUAGE_CODE } from '../text/lexicon.js';

const language = { type: 'string', pattern: LANGUAGE_CODE.source };
const word = { type: 'string', minLength: 1, maxLength: 100 };

function checkWord(w: string) {
  if (!/[\p{L}\p{N}]/u.test(w) || /^\s|\s$/.test(w)) throw badRequest('word must contain a letter or digit and no leading or trailing spaces.', 'word', 'invalid_value');
}

export default async function lexiconRoutes(app: FastifyInstance, _opts: { services: Services }) {
  app.get<{ Querystring: { language?: string } }>('/v1/audio/lexicon', {
    schema: { querystring: { type: 'object', properties: { language }, additionalProperties: false } },
  }, async (request) => ({ object: 'list', data: lexiconFor().list(request.query.language) }));

  app.put<{ Body: { language: string; word: string; replacement: string } }>('/v1/audio/lexicon', {
    schema: {
      body: {
        type: 'object',
        required: ['language', 'word', 'replacement'],
        additionalProperties: false,
        properties: { language, word, replacement: { type: 'string', minLength: 1, maxLength: 500 } },
      },
    },
  }, async (request) => {
    const { language: lang, word: w, replacement } = request.body;
    checkWord(w);
    if (!replacement.trim()) throw badRequest('replacement must not be blank.', 'replacement', 'invalid_value');
    return { object: 'lexicon.entry', ...lexiconFor().set(lang, w, replacement.trim()) };
  });

  app.delete<{ Querystring: { language: string; word: string } }>('/v1/audio/lexicon', {
    schema: { querystring: { type: 'object', required: ['language', 'word'], properties: { language, word } } },
  }, async (request) => {
    const { language: lang, word: w } = request.query;
    if (!lexiconFor().delete(lang, w)) throw new ApiError(404, `No lexicon entry for '${w}' in '${lang}'.`, { param: 'word', code: 'not_found' });
    return { object: 'lexicon.entry.deleted', language: lang, word: w.toLowerCase(), deleted: true };
  });
}
