import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { serverPerBlock } from '../helpers/block-server.js';
import { HAS_REDIS, startRedis } from '../helpers/redis.js';
import { tempDir } from '../helpers/xrun.js';

const FAIL_OPEN = /^xrun: fleet .*: retrying as without --fleet for the rest of this run$/;
// fails once with exit 3 (its marker not yet there), then succeeds; what it writes to stderr is relayed
const FAILS_ONCE = 'if [ -e "$0" ]; then echo second >&2; exit 0; fi; : > "$0"; echo "first: failing" >&2; exit 3';

describe.skipIf(!HAS_REDIS)('--fleet from the library, many runs at once in one process', () => {
  const redis = serverPerBlock(() => startRedis());

  // Each run relays stderr through a FIFO (tool docker reads stderr): making 60 of them with a synchronous
  // mkfifo held the event loop past the fleet's 2 s bound of connecting, and every run failed open.
  it('60 concurrent relaying run() calls: every fleet call answered (none failed open), each run 2 attempts, all counted', async () => {
    const dir = tempDir();
    const runs = 60;
    const lines: string[] = [];
    const results = await Promise.all(
      Array.from({ length: runs }, (_, i) =>
        run(['sh', '-c', FAILS_ONCE, join(dir, `marker-${i}`)], {
          tool: 'docker',
          retryOn: [3],
          attempts: 3,
          delay: '10ms',
          fleet: redis().url,
          fleetKey: 'many-in-one',
          fleetBudget: '50%+100',
          fleetWindow: '1d',
          fleetTimeout: '1s',
          log: (line) => lines.push(line),
        }),
      ),
    );
    expect(lines.filter((l) => FAIL_OPEN.test(l))).toEqual([]);
    expect(results.map((r) => r.attempts.map((a) => [a.outcome, a.decision.retry]))).toEqual(
      Array(runs).fill([
        [{ kind: 'exited', code: 3 }, true],
        [{ kind: 'exited', code: 0 }, false],
      ]),
    );
    expect(results.map((r) => r.exitStatus)).toEqual(Array(runs).fill({ kind: 'code', code: 0 }));
    // one retry line per run, nothing else
    expect(lines).toHaveLength(runs);
    for (const line of lines)
      expect(line).toMatch(
        /^xrun: sh exited 3 \(ContainerExit: the container's own exit code\); attempt 2 of 3 in \d+ms$/,
      );
    // the fleet counted every first attempt, granted every retry and saw every attempt end
    const field = (name: string) => Number(redis().cli('HGET', 'xrun:fleet:many-in-one', name));
    expect([field('cf'), field('cr'), field('cx'), field('cn')]).toEqual([runs, runs, 0, 2 * runs]);
    expect(readdirSync(dir)).toHaveLength(runs);
  }, 120_000);
});

describe('the library without a log: a fleet that fails open is said once, as a process warning', () => {
  // the warnings emitted while `work` runs
  async function warningsDuring(work: () => Promise<unknown>): Promise<Error[]> {
    const seen: Error[] = [];
    const listener = (warning: Error) => seen.push(warning);
    process.on('warning', listener);
    try {
      await work();
      // Node emits a warning on the next tick
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    return seen;
  }

  it('3 runs against a fleet socket that is not there: one XrunWarning (code XRUN) with the line; retries as without the fleet; no retry lines', async () => {
    const socket = join(tempDir(), 'nobody.sock');
    const options = { retryOn: [3], attempts: 2, delay: '1ms', fleet: `unix://${socket}`, fleetKey: 'absent' };
    let results: Awaited<ReturnType<typeof run>>[] = [];
    const warnings = await warningsDuring(async () => {
      results = await Promise.all([1, 2, 3].map(() => run(['sh', '-c', 'exit 3'], options)));
    });
    expect(warnings.map((w) => [w.name, (w as NodeJS.ErrnoException).code, w.message])).toEqual([
      [
        'XrunWarning',
        'XRUN',
        `xrun: fleet unix://${socket} could not be reached (connect ENOENT ${socket}): retrying as without --fleet for the rest of this run`,
      ],
    ]);
    expect(results.map((r) => r.attempts.length)).toEqual([2, 2, 2]);
    // the plan returned is the one the options made (the default log's quietness is not the caller's)
    expect(results.map((r) => r.plan.quiet)).toEqual([false, false, false]);
  });

  it('the same fleet failing open again later in the process is not said again; a log given gets the line instead', async () => {
    const socket = join(tempDir(), 'nobody.sock');
    const options = { attempts: 2, retryOn: [3], delay: '1ms', fleet: `unix://${socket}`, fleetKey: 'absent' };
    const first = await warningsDuring(() => run(['sh', '-c', 'exit 3'], options));
    const again = await warningsDuring(() => run(['sh', '-c', 'exit 3'], options));
    const lines: string[] = [];
    const logged = await warningsDuring(() => run(['sh', '-c', 'exit 3'], { ...options, log: (l) => lines.push(l) }));
    expect([first.length, again.length, logged.length]).toEqual([1, 0, 0]);
    expect(lines).toEqual([
      `xrun: fleet unix://${socket} could not be reached (connect ENOENT ${socket}): retrying as without --fleet for the rest of this run`,
      expect.stringMatching(/^xrun: sh exited 3 \(Failure: the command failed\); attempt 2 of 2 in \dms$/),
      'xrun: sh exited 3 (Failure: the command failed); giving up after 2 attempts',
    ]);
  });

  it('a run that only retries emits no warning', async () => {
    const warnings = await warningsDuring(() =>
      run(['sh', '-c', 'exit 3'], { retryOn: [3], attempts: 3, delay: '1ms' }),
    );
    expect(warnings).toEqual([]);
  });
});
