// The floor: a minimal Node script that spawns a command and exits with its code.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
spawn(command, args, { stdio: 'inherit' }).on('exit', (code) => {
  process.exitCode = code ?? 1;
});
