// The `mynah` command as bin/mynah starts it: a CommonJS entry, so that `mynah serve` can size
// libuv's thread pool in this very process. libuv reads UV_THREADPOOL_SIZE once, when its pool
// first starts, and Node's ESM loader starts the pool while it loads a program (it reads files
// asynchronously); the CommonJS loader reads synchronously. So: read the config synchronously
// (require() of the ES module config, Node >= 20.19 / 22.12), set the variable, then import() the
// ES module CLI, whose first file read starts the pool at that size. Where this cannot work (an
// older Node, a config error), the variable stays unset and `serve` falls back to starting itself
// again with it set (cli/threadpool.ts). An operator's own UV_THREADPOOL_SIZE is kept.
// MALLOC_TRIM_THRESHOLD_ is read by glibc at process start: bin/mynah sets it before exec.

/** The size for `mynah serve`, or undefined when it cannot be known here. */
function serveThreadpoolSize(argv: string[]): number | undefined {
  if (argv[0] !== 'serve' || process.env.UV_THREADPOOL_SIZE) return undefined;
  try {
    // Only environment and config file decide the pool's size (--host/--port do not).
    const { loadConfig } = require('./config/index.js') as typeof import('./config/index.js');
    const { threadpoolSize } = require('./cli/threadpool.js') as typeof import('./cli/threadpool.js');
    return threadpoolSize(loadConfig(process.env));
  } catch {
    // ERR_REQUIRE_ESM (Node without require() of ES modules) or a config error, which `serve`
    // reports itself with its exit code.
    return undefined;
  }
}

const size = serveThreadpoolSize(process.argv.slice(2));
if (size !== undefined) process.env.UV_THREADPOOL_SIZE = String(size);
void import('./cli.js');
