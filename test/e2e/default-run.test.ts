import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Finished, type RunOptions, runXrun, startXrun, tempDir } from '../helpers/xrun.js';

// A default run (no option, no setting variable, no config file, a generic command: cli/default-run.ts)
// and the full run path (cli/run.ts) end the same way: the same status or signal, the same bytes on stdout
// and stderr. XRUN_QUIET=0 sets a setting to its default: the full path, with nothing else changed.
const FULL: NodeJS.ProcessEnv = { XRUN_QUIET: '0' };

async function bothPaths(
  command: readonly string[],
  options: RunOptions = {},
): Promise<{ byDefault: Finished; full: Finished }> {
  const byDefault = await runXrun(['--', ...command], options);
  const full = await runXrun(['--', ...command], { ...options, env: { ...options.env, ...FULL } });
  return { byDefault, full };
}

const ending = ({ code, signal, stdout, stderr }: Finished) => ({
  code,
  signal,
  stdout: stdout.toString(),
  stderr: stderr.toString(),
});

// Both paths ended with `code` and `stderr`, and nothing on stdout.
function bothEnded({ byDefault, full }: { byDefault: Finished; full: Finished }, code: number, stderr: string) {
  expect(ending(byDefault)).toEqual({ code, signal: null, stdout: '', stderr });
  expect(ending(full)).toEqual(ending(byDefault));
}

describe('a default run ends as the full run path would', () => {
  it.each([0, 1, 3, 124, 125, 127, 255])('exit %i, with output on both streams', async (code) => {
    const { byDefault, full } = await bothPaths(['sh', '-c', `echo out; echo err >&2; exit ${code}`]);
    expect(ending(byDefault)).toEqual({ code, signal: null, stdout: 'out\n', stderr: 'err\n' });
    expect(ending(full)).toEqual(ending(byDefault));
  });

  it.each(['TERM', 'HUP', 'KILL', 'USR2'] as const)(
    'the command killed by SIG%s: xrun dies of the same signal',
    async (name) => {
      const { byDefault, full } = await bothPaths(['sh', '-c', `kill -${name} $$`]);
      expect(ending(byDefault)).toEqual({ code: null, signal: `SIG${name}`, stdout: '', stderr: '' });
      expect(ending(full)).toEqual(ending(byDefault));
    },
  );

  it('a command that is not found, or not executable: 127 and 126, with the same line', async () => {
    const dir = tempDir();
    const plain = join(dir, 'not-executable');
    writeFileSync(plain, 'echo never\n');
    chmodSync(plain, 0o644);
    bothEnded(
      await bothPaths(['xrun-no-such-command-anywhere']),
      127,
      'xrun: xrun-no-such-command-anywhere: command not found\n',
    );
    bothEnded(await bothPaths([plain]), 126, `xrun: ${plain}: cannot execute (EACCES)\n`);
  });

  it("stdin reaches the command; the command is told it is attempt 1 of 1; env's prefix is seen through", async () => {
    const { byDefault, full } = await bothPaths(
      ['env', 'GREETING=hi', 'sh', '-c', 'echo "$GREETING $XRUN_ATTEMPT $XRUN_ATTEMPTS"; cat'],
      { input: 'from stdin\n' },
    );
    expect(ending(byDefault)).toEqual({ code: 0, signal: null, stdout: 'hi 1 1\nfrom stdin\n', stderr: '' });
    expect(ending(full)).toEqual(ending(byDefault));
  });

  // buck2's graceful cancel is SIGINT (docs/tool-stop.md): a default run stops it as the full run does
  it('a buck2 named by its command: the same ending, and a SIGTERM to xrun reaches it as SIGINT', async () => {
    const tools = tempDir();
    const script =
      'trap "echo INT >&2; exit 7" INT; trap "echo TERM >&2; exit 8" TERM; echo ready >&2; while :; do :; done';
    writeFileSync(join(tools, 'buck2'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    const endings: ReturnType<typeof ending>[] = [];
    for (const env of [{}, FULL]) {
      const started = startXrun(['--', join(tools, 'buck2'), 'build', '//...'], { env });
      await started.stderrIncludes('ready');
      started.child.kill('SIGTERM');
      endings.push(ending(await started.finished));
    }
    expect(endings[0]).toEqual({ code: null, signal: 'SIGTERM', stdout: '', stderr: 'ready\nINT\n' });
    expect(endings[1]).toEqual(endings[0]);
    // a failure ends with buck2's own code and stderr on both paths, with no line of xrun's
    const failing = tempDir();
    writeFileSync(join(failing, 'buck2'), '#!/bin/sh\necho "Command failed: 1 error" >&2\nexit 3\n', { mode: 0o755 });
    bothEnded(await bothPaths([join(failing, 'buck2'), 'build', '//...']), 3, 'Command failed: 1 error\n');
  });

  // xrun forwards the signal to the command's process group and ends as the command did
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s to xrun reaches the command', async (signal) => {
    const endings: ReturnType<typeof ending>[] = [];
    for (const env of [{}, FULL]) {
      // a busy loop: a sleep child killed with the group would add the shell's own "Terminated" line
      const script = 'trap "echo stopped >&2; exit 7" INT TERM HUP; echo ready >&2; while :; do :; done';
      const started = startXrun(['--', 'sh', '-c', script], { env });
      await started.stderrIncludes('ready');
      started.child.kill(signal);
      endings.push(ending(await started.finished));
    }
    // the command ended itself (exit 7) once it had the signal; xrun then ends with the signal it received
    expect(endings[0]).toEqual({ code: null, signal, stdout: '', stderr: 'ready\nstopped\n' });
    expect(endings[1]).toEqual(endings[0]);
  });
});
