// Book-length jobs: POST /v1/audio/jobs (JSON like a speech request, the text itself as
// text/plain with the other fields in the query string, or multipart/form-data with the text as
// a `file` and the other fields as form fields) answers at once with a job id;
// GET .../{id} shows progress, GET .../{id}/content streams the one finished file (stored once,
// with HTTP ranges; `?split=chapters` a zip of the chapter files), GET .../{id}/chapters lists
// the chapters and GET .../{id}/chapters/{n}/content serves one; DELETE cancels.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { CONTENT_TYPES, MAX_SPEED, MIN_SPEED, OUTPUT_SAMPLE_RATE, RESPONSE_FORMATS } from '../contract.js';
import { speakable, splitChapters, splitPieces } from '../cli/book.js';
import { jobView } from '../jobs/status.js';
import { BOOK, chapterName } from '../jobs/store.js';
import type { ChapterSpan, JobBackend, JobRecord, JobResult } from '../jobs/types.js';
import { zipSize, zipStream } from '../jobs/zip.js';
import { ApiError, badRequest } from '../server/errors.js';
import { toSpeechRequest, type SpeechBody } from './speech.js';
import type { Services } from '../speech.js';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const voiceSchema = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } }, additionalProperties: false },
  ],
};
const fields = {
  model: { type: 'string', minLength: 1 },
  instructions: nullable({ type: 'string', maxLength: 4096 }),
  response_format: nullable({ type: 'string', enum: [...RESPONSE_FORMATS] }),
  speed: nullable({ type: 'number', minimum: MIN_SPEED, maximum: MAX_SPEED }),
};
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^job_[0-9a-f]{24}$' } } };
const chapterParams = { type: 'object', required: ['id', 'n'], properties: { ...idParams.properties, n: { type: 'string', pattern: '^[1-9][0-9]{0,5}$', description: 'Chapter number, from 1' } } };

/** Pieces of a book, chapter by chapter: a piece never crosses a chapter heading. */
export function bookPieces(text: string): { pieces: string[]; chapters: ChapterSpan[] } {
  const pieces: string[] = [];
  const chapters: ChapterSpan[] = [];
  for (const c of splitChapters(text)) {
    const some = splitPieces(speakable(c.text));
    if (some.length === 0) continue;
    pieces.push(...some);
    chapters.push({ title: c.title, pieces: some.length });
  }
  return { pieces, chapters };
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` against a file of `size` bytes; undefined for no (or a multi-) range. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (!m[1] && !m[2])) return undefined;
  if (!m[1]) {
    const n = Number(m[2]);
    return n === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (m[2] && Number(m[2]) < start) return undefined; // invalid: ignored, the whole file is sent
  return start >= size ? 'unsatisfiable' : { start, end };
}

/** A job takes a speech request's fields; the audio comes back as a file, never as SSE. */
type JobBody = Omit<SpeechBody, 'stream_format'>;

// A job is seen only by the key that made it (with keys on); others get the same 404 as for no job.
const visible = (record: { owner: string } | undefined, request: FastifyRequest) => !!record && (!request.identity || record.owner === request.identity.name);
const notFound = (id: string) => new ApiError(404, `No job found with id '${id}'.`, { param: 'id', code: 'not_found' });
const safeTitle = (t: string) => t.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').slice(0, 60);

/** The form fields of a multipart upload, as the same body a JSON request sends. */
async function fromMultipart(request: FastifyRequest, maxChars: number): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  let text: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file') {
        await part.toBuffer().catch(() => undefined);
        throw badRequest(`Unexpected file field '${part.fieldname}'; send the text as 'file'.`, part.fieldname, 'invalid_value');
      }
      if (!/^text\//i.test(part.mimetype)) {
        throw new ApiError(415, `Unsupported file type '${part.mimetype}'. Upload the book as a text file (text/plain, UTF-8).`, { param: 'file', code: 'unsupported_media_type' });
      }
      const bytes = await part.toBuffer().catch((err: Error & { code?: string }) => {
        throw err.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge(maxChars) : err;
      });
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw badRequest('The uploaded file is not valid UTF-8 text.', 'file', 'invalid_encoding');
      }
      if ([...text].length > maxChars) throw tooLarge(maxChars);
    } else if (typeof part.value === 'string') {
      // Form fields are text: speed is read as the number it spells (the schema rejects the rest).
      body[part.fieldname] = part.fieldname === 'speed' && part.value.trim() !== '' && Number.isFinite(Number(part.value)) ? Number(part.value) : part.value;
    }
  }
  if (text === undefined) throw new ApiError(400, "Missing required parameter: 'file'.", { param: 'file', code: 'missing_required_parameter' });
  return { ...body, file: text };
}

/**
 * A text/plain or multipart body is a "simple" request: a browser sends it to any origin without a
 * CORS preflight, so any web page a visitor opens could submit books to a server without keys.
 * Such uploads are taken only without an Origin header (curl, SDKs, `mynah say --server`), from
 * this server's own origin (the playground) or from an origin MYNAH_CORS_ORIGIN allows.
 */
export function crossSiteUpload(request: FastifyRequest, allowed: string[]): ApiError | undefined {
  const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const origin = request.headers.origin;
  if (type === 'application/json' || origin === undefined || allowed.includes('*') || allowed.includes(origin)) return undefined;
  try {
    if (new URL(origin).host === request.headers.host) return undefined;
  } catch { /* "null" or garbage: not this server's origin */ }
  return new ApiError(403, `Uploads of '${type}' bodies from another origin are refused; send JSON, or allow the origin with MYNAH_CORS_ORIGIN.`, { code: 'cross_origin_upload' });
}

const tooLarge = (maxChars: number) => new ApiError(413, `The uploaded text is longer than this server's limit of ${maxChars} characters (MYNAH_JOBS_MAX_CHARS).`, { param: 'file', code: 'file_too_large' });

export default async function jobRoutes(app: FastifyInstance, { services, jobs }: { services: Services; jobs: () => JobBackend }) {
  const { config } = services;
  const corsOrigins = config.corsOrigin.split(',').map((o) => o.trim()).filter(Boolean);
  // A book as the body itself: `curl --data-binary @book.txt -H 'content-type: text/plain'`.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: config.jobsMaxChars * 4 }, (_request, body, done) => done(null, body));
  // Or as a file in a form: `curl -F file=@book.txt -F model=tts-1 -F voice=alloy`. One file of at
  // most MYNAH_JOBS_MAX_CHARS x 4 bytes (413 beyond), a few short fields. Only these routes parse it.
  await app.register(multipart, { limits: { files: 1, fileSize: config.jobsMaxChars * 4, fields: 16, fieldSize: 8192, parts: 17 }, throwFileSizeLimit: true });
  const formSchema = {
    type: 'object',
    required: ['file'],
    properties: {
      ...fields,
      voice: { type: 'string', minLength: 1 },
      file: { type: 'string', minLength: 1, contentMediaType: 'text/plain', description: 'The text to speak, as a UTF-8 text file.' },
    },
    additionalProperties: true,
  };
  const jsonSchema = { type: 'object', required: ['model', 'input', 'voice'], properties: { ...fields, voice: voiceSchema, input: { type: 'string', minLength: 1, maxLength: config.jobsMaxChars } }, additionalProperties: true };

  app.post<{ Body: JobBody | string | (Partial<Omit<JobBody, 'input'>> & { file: string }); Querystring: Partial<Omit<JobBody, 'input'>> }>('/v1/audio/jobs', {
    bodyLimit: config.jobsMaxChars * 4 + 4096,
    schema: {
      querystring: { type: 'object', properties: { ...fields, voice: { type: 'string', minLength: 1 }, speed: { type: 'number', minimum: MIN_SPEED, maximum: MAX_SPEED } } },
      body: {
        content: {
          'application/json': { schema: jsonSchema },
          'text/plain': { schema: { type: 'string', minLength: 1, maxLength: config.jobsMaxChars } },
          'multipart/form-data': { schema: formSchema },
        },
      },
    },
    // Before the body is read: a cross-site form or text upload is refused unparsed.
    onRequest: async (request) => {
      const refused = crossSiteUpload(request, corsOrigins);
      if (refused) throw refused;
    },
    // A form upload is read here, before validation, into { ...fields, file: text }.
    preValidation: async (request) => {
      if (request.isMultipart()) request.body = await fromMultipart(request, config.jobsMaxChars) as typeof request.body;
    },
  }, async (request, reply) => {
    const raw = request.body;
    const body: JobBody = typeof raw === 'string'
      ? { model: request.query.model ?? 'tts-1', voice: request.query.voice ?? 'alloy', speed: request.query.speed, response_format: request.query.response_format, instructions: request.query.instructions, input: raw }
      : 'file' in raw
        ? { model: raw.model ?? 'tts-1', voice: raw.voice ?? 'alloy', speed: raw.speed, response_format: raw.response_format, instructions: raw.instructions, input: raw.file }
        : raw;
    // Same defaults and rules as a speech request; the speech length limit does not apply.
    const req = toSpeechRequest({ ...body, input: 'x' });
    const { pieces, chapters } = bookPieces(body.input);
    if (pieces.length === 0) throw badRequest('Input must contain some text to speak.', 'input', 'empty_input');
    // An unknown model or voice fails now, not minutes later in a worker.
    services.catalog.resolve(req.model, req.voice);
    const record = await jobs().create({
      model: req.model, voice: req.voice, speed: req.speed, instructions: req.instructions, response_format: req.response_format,
      pieces, chapters, owner: request.identity?.name ?? request.ip,
    });
    reply.code(202).header('location', `/v1/audio/jobs/${record.id}`);
    return jobView(record);
  });

  app.get<{ Params: { id: string } }>('/v1/audio/jobs/:id', { schema: { params: idParams } }, async (request) => {
    const record = await jobs().get(request.params.id);
    if (!record || !visible(record, request)) throw notFound(request.params.id);
    return jobView(record);
  });

  /** A completed job of this key with its stored result; otherwise the right error. */
  const finished = async (request: FastifyRequest<{ Params: { id: string } }>): Promise<JobRecord & { result: JobResult }> => {
    const record = await jobs().get(request.params.id);
    if (!record || !visible(record, request)) throw notFound(request.params.id);
    if (record.state !== 'completed' || !record.result) {
      throw new ApiError(409, `Job '${record.id}' is ${record.state}; its audio is available once it is completed.`, { code: 'job_not_completed' });
    }
    return record as JobRecord & { result: JobResult };
  };
  /** The first result store that holds the file; a file only another replica's disk holds is a 503. */
  const locate = async (record: JobRecord & { result: JobResult }, name: string) => {
    for (const store of jobs().results) {
      const size = await store.size(record.id, name);
      if (size !== undefined) return { store, size };
    }
    const where = record.result.replica ? ` on replica ${record.result.replica}` : '';
    throw new ApiError(503, `The file of job '${record.id}' is stored only${where}: it is over MYNAH_JOBS_REDIS_FILE_MB and no shared MYNAH_JOBS_RESULTS_DIR is set. Ask that replica, or set a shared results directory.`, { code: 'job_result_not_on_this_replica' });
  };
  /** A stored file, whole or the asked range (206), from the store that has it. */
  const serve = async (request: FastifyRequest, reply: FastifyReply, record: JobRecord & { result: JobResult }, name: string, filename: string) => {
    const { store, size } = await locate(record, name);
    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      throw new ApiError(416, `Range '${request.headers.range}' is outside the file (${size} bytes).`, { param: 'range', code: 'range_not_satisfiable', headers: { 'content-range': `bytes */${size}` } });
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    reply.header('content-type', CONTENT_TYPES[record.format])
      .header('accept-ranges', 'bytes')
      .header('content-length', String(end - start + 1))
      .header('content-disposition', `attachment; filename="${filename}"`);
    if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
    if (size === 0) return reply.send('');
    return reply.send(Readable.from(store.read(record.id, name, start, end), { objectMode: false }));
  };
  const chapterFile = (record: JobRecord & { result: JobResult }, n: number) => {
    const title = safeTitle(record.result.chapters[n - 1].title);
    return `${record.id}-${String(n).padStart(2, '0')}${title ? `-${title}` : ''}.${record.format}`;
  };

  app.get<{ Params: { id: string }; Querystring: { split?: 'chapters' } }>('/v1/audio/jobs/:id/content', {
    schema: {
      params: idParams,
      querystring: { type: 'object', properties: { split: { type: 'string', enum: ['chapters'], description: 'chapters: a zip of one file per chapter' } } },
    },
  }, async (request, reply) => {
    const record = await finished(request);
    if (request.query.split !== 'chapters') return serve(request, reply, record, BOOK, `${record.id}.${record.format}`);
    // A store-only zip of the chapter files, streamed with its exact length.
    const located = [];
    for (let n = 1; n <= record.result.chapters.length; n++) located.push({ n, name: chapterName(record.result, n), ...(await locate(record, chapterName(record.result, n))) });
    const entries = located.map(({ n, name, store, size }) => ({ name: chapterFile(record, n), size, crc: record.result.chapters[n - 1].crc, data: () => store.read(record.id, name, 0, size - 1) }));
    const size = zipSize(entries);
    if (size === undefined) throw new ApiError(413, `The chapters of job '${record.id}' are over 4 GiB, too large for a zip file; download them one by one (GET /v1/audio/jobs/{id}/chapters/{n}/content).`, { code: 'zip_too_large' });
    reply.header('content-type', 'application/zip')
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${record.id}-chapters.zip"`);
    return reply.send(Readable.from(zipStream(entries), { objectMode: false }));
  });

  app.get<{ Params: { id: string } }>('/v1/audio/jobs/:id/chapters', { schema: { params: idParams } }, async (request) => {
    const record = await finished(request);
    return {
      object: 'list',
      data: record.result.chapters.map((c, i) => ({ index: i + 1, title: c.title, audio_seconds: +(c.samples / OUTPUT_SAMPLE_RATE).toFixed(3), bytes: c.bytes })),
    };
  });

  app.get<{ Params: { id: string; n: string } }>('/v1/audio/jobs/:id/chapters/:n/content', { schema: { params: chapterParams } }, async (request, reply) => {
    const record = await finished(request);
    const n = Number(request.params.n);
    if (n > record.result.chapters.length) throw new ApiError(404, `Job '${record.id}' has ${record.result.chapters.length} chapter(s); there is no chapter ${n}.`, { param: 'n', code: 'not_found' });
    return serve(request, reply, record, chapterName(record.result, n), chapterFile(record, n));
  });

  app.delete<{ Params: { id: string } }>('/v1/audio/jobs/:id', { schema: { params: idParams } }, async (request) => {
    const backend = jobs();
    const record = await backend.get(request.params.id);
    if (!record || !visible(record, request)) throw notFound(request.params.id);
    const cancelled = await backend.cancel(record.id);
    return { ...jobView((await backend.get(record.id)) ?? record), deleted: cancelled };
  });
}
