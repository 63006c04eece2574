// `mynah serve`: the HTTP server, until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { buildServer } from '../server/app.js';
import { HELP, UsageError } from './common.js';

export async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(HELP.serve);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be a port number, not '${values.port}'`);
  const config = loadConfig(process.env, { ...(values.host ? { host: values.host } : {}), ...(port !== undefined ? { port } : {}) });
  const server = await buildServer(config);
  await server.app.listen({ host: config.host, port: config.port });
  const shutdown = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
