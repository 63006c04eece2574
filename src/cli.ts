#!/usr/bin/env node
// The `mynah` command. The commands live in src/cli/, one file each; this file stays the `bin`
// entry so `npx mynah` and package.json keep working.
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));
