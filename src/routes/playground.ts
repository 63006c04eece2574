// The playground at `/`: three static files read once at start-up. They sit outside /v1, so the
// API-key hook leaves them public; the page itself asks for a key when the API answers 401.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

// From dist/src/routes/ (compiled) the repository root is three levels up.
const root = new URL('../../../public/', import.meta.url);

const FILES: Record<string, { name: string; type: string }> = {
  '/': { name: 'index.html', type: 'text/html; charset=utf-8' },
  '/playground/app.js': { name: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/playground/style.css': { name: 'style.css', type: 'text/css; charset=utf-8' },
};

export default async function playgroundRoutes(app: FastifyInstance) {
  for (const [path, { name, type }] of Object.entries(FILES)) {
    const body = readFileSync(fileURLToPath(new URL(name, root)));
    app.get(path, async (_request, reply) =>
      // no-cache: revalidate on every load, so an upgraded server never runs yesterday's script.
      reply.header('content-type', type).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(body));
  }
}
