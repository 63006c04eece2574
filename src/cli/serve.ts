// `mynah serve`: the HTTP server, until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { HELP, UsageError } from './common.js';
import { followParent, relaunchWithThreadpool, threadpoolSize } from './threadpool.js';
import { preflight } from './checks.js';
import { announce, listen } from './summary.js';

export async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(HELP.serve);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be a port number, not '${values.port}'`);
  const config = loadConfig(process.env, { ...(values.host ? { host: values.host } : {}), ...(port !== undefined ? { port } : {}) });
  preflight(config);
  // Neural engines: size libuv's pool to the jobs that may run at once (see threadpool.ts); already
  // done when started by bin/mynah (src/cli.cts), else by starting again.
  if (await relaunchWithThreadpool(config)) return;
  followParent();
  // Imported here, not above: the launcher that relaunched us never needs the server's modules.
  const { buildServer } = await import('../server/app.js');
  const server = await buildServer(config);
  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish within the grace period, exit 0.
  // A second signal exits at once. Handled from before the port opens: a replica stopped as soon
  // as it is ready (its job worker already takes pieces) still drains and hands its pieces back.
  // While draining, the listener stays open so that load balancers see /ready answer 503 (and new
  // speech requests get a 503 to retry elsewhere) rather than refused connections.
  const shutdown = async (signal: string) => {
    process.once(signal, () => process.exit(0));
    server.app.log.info({ graceMs: config.shutdownGraceMs }, `${signal}: draining`);
    const { admission, state } = server.runtime;
    state.draining = true;
    const deadline = Date.now() + config.shutdownGraceMs;
    // Shared-mode jobs: no new pieces; held ones go back to the queue (jobs/redis.ts drain()).
    const jobsDrained = server.app.jobs.drain?.(config.shutdownGraceMs)
      .then((n) => server.app.log.info({ pieces: n }, `${n} job pieces handed back to the queue`))
      .catch((err) => server.app.log.warn({ err }, 'job pieces not handed back'));
    while ((admission.active > 0 || admission.depth > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await jobsDrained;
    await server.drain(Math.max(0, deadline - Date.now()));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await listen(server, config);
  server.app.log.info({ workers: config.workers, threadpool: Number(process.env.UV_THREADPOOL_SIZE) || threadpoolSize(config) }, `${config.workers} synthesis workers (${config.workersReason})`);
  await announce(server, config);
}
