import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runXrun, tempDir } from '../helpers/xrun.js';

// A fake tool on PATH: counts its runs in ./runs and exits with $FAKE_CODE.
function fakeTool(name: string): { dir: string; env: NodeJS.ProcessEnv; runs: () => number } {
  const dir = tempDir();
  writeFileSync(join(dir, name), `#!/bin/sh\necho x >> "${dir}/runs"\nexit "$FAKE_CODE"\n`, { mode: 0o755 });
  return {
    dir,
    env: { PATH: `${dir}:${process.env.PATH}` },
    runs: () => readFileSync(join(dir, 'runs'), 'utf8').split('\n').length - 1,
  };
}

async function stdoutOf(args: string[]): Promise<string> {
  const r = await runXrun(args, { cwd: tempDir() });
  expect(r.stderr.toString()).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.toString();
}

describe('runs read codes by subcommand', () => {
  const retryBusy = ['--retry-busy', '--attempts', '3', '--delay', '10ms', '--no-queue'];

  it("a program's 9 under bazel run is the program's: not retried by --retry-busy; bazel build's 9 is", async () => {
    const run = fakeTool('bazel');
    const r = await runXrun([...retryBusy, '--', 'bazel', 'run', '//:tool'], {
      cwd: run.dir,
      env: { ...run.env, FAKE_CODE: '9' },
    });
    expect(r.code).toBe(9);
    expect(run.runs()).toBe(1);
    const build = fakeTool('bazel');
    const b = await runXrun([...retryBusy, '--', 'bazel', 'build', '//...'], {
      cwd: build.dir,
      env: { ...build.env, FAKE_CODE: '9' },
    });
    expect(b.code).toBe(9);
    expect(build.runs()).toBe(3);
  });

  it('found through env, nice and the startup options', async () => {
    const run = fakeTool('bazel');
    const r = await runXrun(
      [...retryBusy, '--', 'env', 'A=1', 'nice', 'bazel', '--output_base', '/tmp/o', 'run', '//:t'],
      {
        cwd: run.dir,
        env: { ...run.env, FAKE_CODE: '9' },
      },
    );
    expect(r.code).toBe(9);
    expect(run.runs()).toBe(1);
  });

  it('bazel query 3 is a partial result (user, normalized 3), not a test failure (32); bazel test 3 is', async () => {
    const tool = fakeTool('bazel');
    const query = await runXrun(['--normalize', '--', 'bazel', 'query', 'deps(//...)', '--keep_going'], {
      cwd: tool.dir,
      env: { ...tool.env, FAKE_CODE: '3' },
    });
    expect(query.code).toBe(3);
    const test = await runXrun(['--normalize', '--', 'bazel', 'test', '//...'], {
      cwd: tool.dir,
      env: { ...tool.env, FAKE_CODE: '3' },
    });
    expect(test.code).toBe(32);
  });

  it('the report names the refinement that read the code (classification.via), null where none did', async () => {
    const tool = fakeTool('bazel');
    const report = join(tool.dir, 'report.json');
    const classificationOf = async (args: string[]) => {
      await runXrun(['--report', report, '--', 'bazel', ...args], {
        cwd: tool.dir,
        env: { ...tool.env, FAKE_CODE: '3' },
      });
      return JSON.parse(readFileSync(report, 'utf8')).attempts[0].classification;
    };
    expect(await classificationOf(['query', '//...'])).toMatchObject({ category: 'user', via: 'bazel query' });
    expect(await classificationOf(['test', '//...'])).toMatchObject({ category: 'test-failure', via: null });
  });

  it('--tool bazel on a wrapper script still finds its subcommand', async () => {
    const tool = fakeTool('bazelw');
    const r = await runXrun([...retryBusy, '--tool', 'bazel', '--', 'bazelw', 'run', '//:t'], {
      cwd: tool.dir,
      env: { ...tool.env, FAKE_CODE: '9' },
    });
    expect(r.code).toBe(9);
    expect(tool.runs()).toBe(1);
  });
});

describe('xrun explain -- command', () => {
  it('a command after -- picks the tool and the subcommand', async () => {
    const out = await stdoutOf(['explain', '3', '--', 'bazel', 'query', '//...']);
    expect(out.split('\n').slice(0, 3)).toEqual([
      'bazel query exit 3: PARTIAL_ANALYSIS_FAILURE',
      '  category:     user',
      '  meaning:      errors were reported, the result is partial (--keep_going)',
    ]);
  });

  it('--tool wins over the detected tool; the subcommand is read as that tool', async () => {
    const out = await stdoutOf([
      'explain',
      '9',
      '--tool',
      'bazel',
      '--retry-busy',
      '--',
      './tools/bazel',
      'run',
      '//:t',
    ]);
    expect(out.split('\n')[0]).toBe('bazel run exit 9: ProgramExit');
    expect(out).toContain('  policy:       not retried: exit 9 ProgramExit (failure) is not retried by the policy\n');
  });

  it('a generic command explains in the generic model alone; a docker compose cancel is an interrupt', async () => {
    expect((await stdoutOf(['explain', '2', '--', 'make', 'all'])).split('\n')[0]).toBe('generic exit 2: Failure');
    const compose = await stdoutOf(['explain', '130', '--', 'docker', 'compose', '-f', 'c.yml', 'up']);
    expect(compose.split('\n').slice(0, 2)).toEqual(['docker compose exit 130: Cancelled', '  category:     signal']);
  });

  it('nothing after -- is bad input: 125 and one line', async () => {
    const r = await runXrun(['explain', '3', '--'], { cwd: tempDir() });
    expect(r.stderr.toString()).toBe(
      'xrun: explain: give a command after -- (e.g. xrun explain 3 -- bazel query //...)\n',
    );
    expect(r.code).toBe(125);
    expect(r.stdout.length).toBe(0);
  });

  it('explain 4 and 5 --tool buck2 say which options buck2 needs to exit with them', async () => {
    expect(await stdoutOf(['explain', '4', '--tool', 'buck2'])).toContain(
      '\n  only with:    --exit-when=notidle|differentstate; without it a second command waits inside the daemon\n',
    );
    expect(await stdoutOf(['explain', '5', '--tool', 'buck2'])).toContain(
      '\n  only with:    --preemptible=always|ondifferentstate; without it a newer command waits for this one\n',
    );
  });
});

describe('xrun codes shows the refinements', () => {
  it('as a table after the tool table, and in the JSON', async () => {
    const text = await stdoutOf(['codes', '--tool', 'bazel']);
    expect(text).toContain('| `query`, `cquery`, `aquery` | 3 | PARTIAL_ANALYSIS_FAILURE | user | 3 |');
    expect(text).toContain('| `run` | 129-192 otherwise | SIG<N> | signal | 128+N |');
    const json = JSON.parse(await stdoutOf(['codes', '--json', '--tool', 'docker'])) as {
      tools: {
        docker: {
          refinements: {
            via: string;
            subcommands: string[];
            passthrough: boolean;
            rules: { id: string; pattern: string }[] | null;
          }[];
        };
      };
    };
    const exec = json.tools.docker.refinements.find((r) => r.via === 'docker exec')!;
    expect(exec).toMatchObject({ subcommands: ['exec', 'container exec'], passthrough: true });
    expect(exec.rules!.map((r) => r.id)).toEqual([
      'socket-permission-denied',
      'tls-misconfigured',
      'daemon-unreachable',
    ]);
    expect(typeof exec.rules![0]!.pattern).toBe('string');
  });
});

describe('xrun config says once what is inert', () => {
  const inertLines = (out: string) => out.split('\n').filter((line) => line.startsWith('inert: '));

  it('--retry-busy for buck2 without --exit-when or --preemptible: one line; with one of them: none', async () => {
    expect(inertLines(await stdoutOf(['config', '--retry-busy', '--', 'buck2', 'build', '//...']))).toEqual([
      'inert: buck2 exits 4 (DaemonIsBusy) only with --exit-when=notidle|differentstate (else a second command waits inside the daemon) and 5 (DaemonPreempted) only with --preemptible=always|ondifferentstate (else a newer command waits for this one), so retrying them does nothing for this command',
    ]);
    expect(
      inertLines(await stdoutOf(['config', '--retry-busy', '--', 'buck2', 'build', '--exit-when', 'notidle', '//...'])),
    ).toEqual([]);
    expect(
      inertLines(await stdoutOf(['config', '--retry-busy', '--', 'buck2', 'build', '--preemptible=always'])),
    ).toEqual([]);
    expect(inertLines(await stdoutOf(['config', '--', 'buck2', 'build']))).toEqual([]);
    expect(inertLines(await stdoutOf(['config', '--retry-busy']))).toEqual([]);
  });

  it('not on a run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'buck2'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const r = await runXrun(['--retry-busy', '--', 'buck2', 'build'], {
      cwd: dir,
      env: { PATH: `${dir}:${process.env.PATH}` },
    });
    expect(r.code).toBe(0);
    expect(r.stderr.toString()).toBe('');
  });
});
