// Dispatches `mynah <command>`; each command lives in its own file.
import { EXIT, HELP, UsageError, report } from './common.js';

// Loaded on use: `mynah serve` starts itself again (cli/threadpool.ts), and the process that only
// waits for the server should not hold every command's modules (measured: 83 MiB RSS, 45 lazily).
// A command returns nothing (exit 0) or its own exit code (doctor's findings).
const COMMANDS: Record<string, (args: string[]) => Promise<void | number>> = {
  serve: async (args) => (await import('./serve.js')).serve(args),
  say: async (args) => (await import('./say.js')).say(args),
  voices: async (args) => (await import('./voices.js')).voices(args),
  normalize: async (args) => (await import('./normalize.js')).normalize(args),
  models: async (args) => (await import('./models.js')).models(args),
  instructions: async (args) => (await import('./instructions.js')).instructions(args),
  doctor: async (args) => (await import('./doctor.js')).doctor(args),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      console.log(HELP.main);
      return EXIT.ok;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command '${command}'; use one of ${Object.keys(COMMANDS).join(', ')}. Run 'mynah --help'.`);
    return (await run(args)) ?? EXIT.ok;
  } catch (err) {
    return report(err);
  }
}
