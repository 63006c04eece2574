// Dispatches `mynah <command>`; each command lives in its own file.
import { EXIT, HELP, UsageError, report } from './common.js';
import { doctor } from './doctor.js';
import { instructions } from './instructions.js';
import { models } from './models.js';
import { normalize } from './normalize.js';
import { say } from './say.js';
import { serve } from './serve.js';
import { voices } from './voices.js';

// A command returns nothing (exit 0) or its own exit code (doctor's findings).
const COMMANDS: Record<string, (args: string[]) => Promise<void | number>> = { serve, say, voices, normalize, models, instructions, doctor };

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
