import { runCli } from './cli-main.js';

// The CLI entry of the bundle (bin/xrun.js): the only module that reads process.argv.
runCli(process.argv.slice(2));
