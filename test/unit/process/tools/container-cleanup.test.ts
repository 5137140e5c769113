import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../../../src/command/parse.js';
import type { Outcome } from '../../../../src/model/outcome.js';
import type { AttemptResult } from '../../../../src/process/attempt.js';
import { containerCleanup } from '../../../../src/process/tools/container-cleanup.js';
import { tempDir } from '../../../helpers/xrun.js';

// a container's full id, as the client writes it to --cidfile
const ID = `ffffffffffff${'0123456789abcdef'.repeat(3)}0123`;

// A fake `docker` first on PATH: it logs its arguments, and `rm` answers with `rmError` on stderr (exit 1) if given.
function fakeDocker(rmError?: string) {
  const dir = tempDir('xrun-cleanup-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'log');
  const fail = rmError === undefined ? '' : `echo "${rmError}" >&2; exit 1`;
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$@" >> ${log}\n${fail}\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  vi.stubEnv('PATH', `${bin}:${process.env['PATH']}`);
  return { dir, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}

const result = (outcome: Outcome): AttemptResult => ({
  outcome,
  stderrTail: '',
  stdoutTail: '',
  outputErrors: [],
  killEscalated: false,
});

function lines() {
  const said = { info: [] as string[], warn: [] as string[] };
  return { said, output: { info: (l: string) => said.info.push(l), warn: (l: string) => said.warn.push(l) } };
}

// An attempt that writes the container's id to the --cidfile it was given, then is stopped (`outcome`).
function stoppedAttempt(outcome: Outcome, seen: string[][]) {
  return async (command: readonly string[], onStop: () => void) => {
    seen.push([...command]);
    const cidfile = command[command.indexOf('--cidfile') + 1]!;
    writeFileSync(cidfile, `${ID}\n`);
    if (outcome.kind !== 'exited') onStop();
    return result(outcome);
  };
}

describe("an attached container's removal when xrun stops its client (tools/container-cleanup.ts)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it('not an attached run: the command runs as it is, nothing is removed', async () => {
    const docker = fakeDocker();
    const { said, output } = lines();
    const seen: (readonly string[])[] = [];
    const wrap = containerCleanup(parseCommand(['docker', 'run', '-d', 'alpine', 'true']), output);
    await wrap(1, async (command) => {
      seen.push(command);
      return result({ kind: 'timed-out', timeoutMs: 10, ended: { kind: 'signaled', signal: 'SIGTERM' } });
    });
    expect(seen).toEqual([['docker', 'run', '-d', 'alpine', 'true']]);
    expect([docker.calls(), said]).toEqual([[], { info: [], warn: [] }]);
  });

  it('stopped by the timeout: --cidfile is added, the container removed and said; the cidfile’s directory goes', async () => {
    const docker = fakeDocker();
    const { said, output } = lines();
    const seen: string[][] = [];
    const wrap = containerCleanup(parseCommand(['docker', 'run', '--rm', 'alpine', 'sleep', '60']), output);
    await wrap(
      1,
      stoppedAttempt({ kind: 'timed-out', timeoutMs: 10, ended: { kind: 'signaled', signal: 'SIGTERM' } }, seen),
    );
    const cidfile = seen[0]![3]!;
    expect(seen[0]).toEqual(['docker', 'run', '--cidfile', cidfile, '--rm', 'alpine', 'sleep', '60']);
    expect(docker.calls()).toEqual([`rm -f ${ID}`]);
    expect(said).toEqual({ info: [`xrun: removed container ${ID.slice(0, 12)} after timeout`], warn: [] });
    expect(existsSync(join(cidfile, '..'))).toBe(false);
  });

  it('an exit of its own: nothing removed, nothing said', async () => {
    const docker = fakeDocker();
    const { said, output } = lines();
    const wrap = containerCleanup(parseCommand(['docker', 'run', 'alpine', 'false']), output);
    const got = await wrap(1, stoppedAttempt({ kind: 'exited', code: 1 }, []));
    expect(got.outcome).toEqual({ kind: 'exited', code: 1 });
    expect([docker.calls(), said]).toEqual([[], { info: [], warn: [] }]);
  });

  it('a container already gone is not said; another failure to remove is warned', async () => {
    fakeDocker('Error response from daemon: No such container: x');
    const gone = lines();
    await containerCleanup(parseCommand(['docker', 'run', 'alpine', 'sleep', '9']), gone.output)(
      1,
      stoppedAttempt({ kind: 'cancelled', signal: 'SIGINT', ended: { kind: 'exited', code: 130 } }, []),
    );
    expect(gone.said).toEqual({ info: [], warn: [] });
    fakeDocker('permission denied');
    const denied = lines();
    await containerCleanup(parseCommand(['docker', 'run', 'alpine', 'sleep', '9']), denied.output)(
      1,
      stoppedAttempt({ kind: 'cancelled', signal: 'SIGTERM', ended: { kind: 'exited', code: 143 } }, []),
    );
    expect(denied.said).toEqual({
      info: [],
      warn: [`xrun: could not remove container ${ID.slice(0, 12)}: permission denied`],
    });
  });

  it("the user's own --cidfile: used as given; this run's file is deleted before the next attempt", async () => {
    const docker = fakeDocker();
    const cidfile = join(docker.dir, 'user.cid');
    const { output } = lines();
    const seen: string[][] = [];
    const wrap = containerCleanup(parseCommand(['docker', 'run', '--cidfile', cidfile, 'alpine', 'true']), output);
    const attempt = async (command: readonly string[]) => {
      // the client refuses to start while the file exists
      seen.push([...command, existsSync(cidfile) ? 'exists' : 'absent']);
      writeFileSync(cidfile, ID);
      return result({ kind: 'exited', code: 1 });
    };
    await wrap(1, attempt);
    await wrap(2, attempt);
    expect(seen).toEqual([
      ['docker', 'run', '--cidfile', cidfile, 'alpine', 'true', 'absent'],
      ['docker', 'run', '--cidfile', cidfile, 'alpine', 'true', 'absent'],
    ]);
  });

  it('a --cidfile that was there before the run is left alone', async () => {
    const docker = fakeDocker();
    const cidfile = join(docker.dir, 'old.cid');
    writeFileSync(cidfile, ID);
    const { output } = lines();
    const wrap = containerCleanup(parseCommand(['docker', 'run', '--cidfile', cidfile, 'alpine', 'true']), output);
    const seen: boolean[] = [];
    const attempt = async () => {
      seen.push(existsSync(cidfile));
      return result({ kind: 'exited', code: 1 });
    };
    await wrap(1, attempt);
    await wrap(2, attempt);
    expect(seen).toEqual([true, true]);
  });
});
