// `mynah serve`: the HTTP server, until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { buildServer } from '../server/app.js';
import { HELP, UsageError } from './common.js';
import { preflight } from './checks.js';
import { announce, listen } from './summary.js';

export async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(HELP.serve);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be a port number, not '${values.port}'`);
  const config = loadConfig(process.env, { ...(values.host ? { host: values.host } : {}), ...(port !== undefined ? { port } : {}) });
  preflight(config);
  const server = await buildServer(config);
  await listen(server, config);
  await announce(server, config);
  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish within the grace period, exit 0.
  // A second signal exits at once.
  const shutdown = async (signal: string) => {
    process.once(signal, () => process.exit(0));
    server.app.log.info({ graceMs: config.shutdownGraceMs }, `${signal}: draining`);
    await server.drain(config.shutdownGraceMs);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
