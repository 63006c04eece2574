// Fastify's logger (pino): JSON lines for machines, pino-pretty on a terminal. One line per entry
// either way (singleLine), so a request stays one line a person can scan.
import type { FastifyServerOptions } from 'fastify';
import pretty from 'pino-pretty';
import type { Config } from '../config/index.js';

/** 'auto' means pretty when stdout is a terminal (a person), JSON under a process manager. */
export function prettyLogs(config: Pick<Config, 'logFormat'>, stdout: { isTTY?: boolean } = process.stdout): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && stdout.isTTY === true);
}

export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat'>): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  if (!prettyLogs(config)) return { level: config.logLevel };
  // Synchronous, in this thread: no transport worker to lose lines at exit; terminals are slow anyway.
  const stream = pretty({
    sync: true,
    singleLine: true,
    colorize: process.stdout.isTTY === true && !process.env.NO_COLOR,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
  return { level: config.logLevel, stream } as FastifyServerOptions['logger'];
}
