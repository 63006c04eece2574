// `mynah say --play`: finds a system audio player that can play the chosen format.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ResponseFormat } from '../contract.js';
import { RuntimeError } from './common.js';

const RAW = ['-f', 's16le', '-ar', '24000', '-ch_layout', 'mono'];
// Order is preference: ffplay plays everything; the others only what their decoders know.
const PLAYERS: { bin: string; formats: ResponseFormat[]; args: (file: string, f: ResponseFormat) => string[] }[] = [
  { bin: 'ffplay', formats: ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'], args: (file, f) => ['-nodisp', '-autoexit', '-loglevel', 'error', ...(f === 'pcm' ? RAW : []), file] },
  { bin: 'afplay', formats: ['mp3', 'aac', 'flac', 'wav'], args: (file) => [file] },
  { bin: 'paplay', formats: ['wav', 'flac', 'opus'], args: (file) => [file] },
  { bin: 'aplay', formats: ['wav', 'pcm'], args: (file, f) => ['-q', ...(f === 'pcm' ? ['-t', 'raw', '-f', 'S16_LE', '-r', '24000', '-c', '1'] : []), file] },
];

function onPath(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch { /* not here */ }
  }
  return undefined;
}

export interface Player {
  play(file: string): Promise<void>;
}

/** Throws, before any synthesis, when nothing on this machine can play the format. */
export function findPlayer(format: ResponseFormat): Player {
  const installed = PLAYERS.filter((p) => onPath(p.bin));
  const player = installed.find((p) => p.formats.includes(format));
  if (!player) {
    const hint = installed.length
      ? `${installed.map((p) => p.bin).join(', ')} cannot play ${format}; try --format wav`
      : `install ffmpeg (for ffplay) or alsa-utils (for aplay), or write a file with -o and play it yourself`;
    throw new RuntimeError(`--play found no audio player for ${format} (looked for ${PLAYERS.map((p) => p.bin).join(', ')} on PATH): ${hint}`);
  }
  return {
    play: (file) => new Promise((resolve, reject) => {
      const child = spawn(player.bin, player.args(file, format), { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', (err) => reject(new RuntimeError(`${player.bin} failed to start: ${err.message}`)));
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new RuntimeError(`${player.bin} exited with code ${code}`))));
    }),
  };
}
