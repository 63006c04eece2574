// Real servers for the scaling tests: Debian's redis-server on a free loopback port in a temp
// dir, and Mynah replicas as child processes (so one can be killed with SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** redis-server on 127.0.0.1, no persistence; stop()/start() keep the same port. */
export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'mynah-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const ping = () => new Promise<boolean>((resolve) => {
    const sock = connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
    sock.once('data', (d: Buffer) => { sock.destroy(); resolve(d.toString().startsWith('+PONG')); });
    sock.once('error', () => resolve(false));
  });
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
      await waitUntil(ping, 'redis-server');
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export interface Replica {
  url: string;
  child: ChildProcess;
  pid: number;
  /** What it wrote to stderr so far (its log at MYNAH_LOG_LEVEL, warn unless set). */
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

/** `mynah serve` in a child process on a free port, ready when /ready answers 200. */
export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    // UV_THREADPOOL_SIZE set: `serve` runs in this very process (no relaunch), so SIGKILL hits it.
    env: { ...process.env, MYNAH_LOG_LEVEL: 'warn', MYNAH_WORKERS: '1', UV_THREADPOOL_SIZE: '8', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`replica exited: ${stderr}`);
      return (await fetch(`${url}/ready`)).status === 200;
    }, 'a replica');
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url, child, pid: child.pid!,
    stderr: () => stderr,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

export { waitUntil };

export interface Nginx {
  url: string;
  close(): Promise<void>;
}

/** Debian's nginx in front of `upstreams` (host:port), configured from deploy/nginx.conf.template (the file docker-compose.yml uses). */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const { chmod, mkdir, readFile, writeFile } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'mynah-nginx-'));
  await chmod(dir, 0o755);
  const template = fileURLToPath(new URL('../../deploy/nginx.conf.template', import.meta.url));
  const listen = await freePort();
  const servers = upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=2s;`).join('\n    ');
  const site = (await readFile(template, 'utf8')).replaceAll('${MYNAH_UPSTREAM_SERVERS}', servers).replaceAll('${NGINX_LISTEN}', `127.0.0.1:${listen}`);
  if (/\$\{[A-Z_]+\}/.test(site)) throw new Error('deploy/nginx.conf.template has a placeholder startNginx does not fill');
  await writeFile(join(dir, 'site.conf'), site);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) { await mkdir(join(dir, t)); await chmod(join(dir, t), 0o777); }
  await writeFile(join(dir, 'nginx.conf'), `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`);
  const nginx = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${listen}`;
  await waitUntil(async () => (await fetch(`${url}/health`)).ok, 'nginx');
  return {
    url,
    async close() {
      if (nginx.exitCode === null) {
        const exited = new Promise((r) => nginx.once('exit', r));
        nginx.kill('SIGQUIT');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
