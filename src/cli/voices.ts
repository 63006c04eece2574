// `mynah voices`: the catalog as a table, in-process (no server needed).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { createServices } from '../server/app.js';
import { HELP } from './common.js';

export async function voices(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { model: { type: 'string', short: 'm' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(HELP.voices);
  const services = await createServices(loadConfig(process.env, { logLevel: 'silent', workers: 1 }));
  try {
    const list = services.catalog.voices(values.model);
    if (values.json) return void console.log(JSON.stringify({ object: 'list', model: values.model ?? null, data: list }, null, 2));
    const rows = [['VOICE', 'LANGUAGE', 'GENDER', 'ENGINE', 'SPEAKS AS'], ...list.map((v) => [v.id, v.language, v.gender ?? '', v.engine, v.engine_voice ?? ''])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  } finally {
    await services.pool.close();
  }
}
