import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathWithoutMkfifo } from '../helpers/no-mkfifo.js';
import { HAS_PROC, runXrun, tempDir, xrunLines } from '../helpers/xrun.js';

// xrun's FIFO directory (relay/fifo-directory.ts): a relaying run takes a FIFO an earlier run put back, so
// it starts no mkfifo; each run here has a cache directory of its own. The command shows the FIFO it
// writes to (its path, and its inode, which stays when the name changes). --normalize: docker's messages
// then matter, so its stderr is relayed (cli/classification-read.ts).
describe.runIf(HAS_PROC)("a relaying run's FIFO from xrun's FIFO directory", () => {
  const SHOW = [
    '--normalize',
    '--tool',
    'docker',
    '--',
    'sh',
    '-c',
    'readlink /proc/self/fd/2; stat -L -c %i /proc/self/fd/2; echo out >&2',
  ];
  const entries = (cache: string) => readdirSync(join(cache, 'fifos'));

  it('the first run makes it and puts it back free; the next takes the same FIFO with no mkfifo on PATH, bytes exact', async () => {
    const cache = tempDir('xrun-cache-');
    const first = await runXrun(SHOW, { env: { XRUN_CACHE_DIR: cache } });
    expect(first.code).toBe(0);
    expect(first.stderr.toString()).toBe('out\n');
    const [path, inode] = first.stdout.toString().trimEnd().split('\n');
    expect(path).toMatch(new RegExp(`^${cache}/fifos/held-\\d+-\\d+-[a-z0-9]+$`));
    const [free] = entries(cache);
    expect(entries(cache)).toEqual([expect.stringMatching(/^free-/)]);
    expect(String(statSync(join(cache, 'fifos', free!)).ino)).toBe(inode);

    const bin = pathWithoutMkfifo(tempDir());
    const second = await runXrun(SHOW, { env: { XRUN_CACHE_DIR: cache, PATH: bin } });
    expect(second.code).toBe(0);
    expect(second.stderr.toString()).toBe('out\n');
    const [path2, inode2] = second.stdout.toString().trimEnd().split('\n');
    // the same FIFO under a new held name; put back under a new free name
    expect(inode2).toBe(inode);
    expect(path2).not.toBe(path);
    expect(path2).toMatch(new RegExp(`^${cache}/fifos/held-`));
    expect(entries(cache)).toEqual([expect.stringMatching(/^free-/)]);
    expect(entries(cache)).not.toEqual([free]);
  });

  it('retried attempts use one FIFO, which goes back once at the end', async () => {
    const cache = tempDir('xrun-cache-');
    const args = ['--attempts', '3', '--delay', '0', '--retry-on', '1', '--tool', 'docker', '--'];
    const r = await runXrun([...args, 'sh', '-c', 'stat -L -c %i /proc/self/fd/2; echo try >&2; exit 1'], {
      env: { XRUN_CACHE_DIR: cache },
    });
    expect(r.code).toBe(1);
    const inodes = r.stdout.toString().trimEnd().split('\n');
    expect(inodes).toHaveLength(3);
    expect(new Set(inodes).size).toBe(1);
    expect(
      r.stderr
        .toString()
        .split('\n')
        .filter((line) => line === 'try'),
    ).toHaveLength(3);
    expect(entries(cache)).toEqual([expect.stringMatching(/^free-/)]);
    expect(String(statSync(join(cache, 'fifos', entries(cache)[0]!)).ino)).toBe(inodes[0]);
  });

  it('a FIFO a grandchild still holds is not put back: the next run gets another', async () => {
    const cache = tempDir('xrun-cache-');
    const dir = tempDir();
    // the grandchild keeps stderr (the FIFO) open until the test lets it go (or its directory is removed: the
    // suite's clean-up may come before it looks again); its stdout is not the test's pipe
    const holder = `stat -L -c %i /proc/self/fd/2; (while [ -d ${dir} ] && [ ! -e ${dir}/go ]; do sleep 0.1; done) >/dev/null & exit 0`;
    const first = await runXrun(['--normalize', '--tool', 'docker', '--', 'sh', '-c', holder], {
      env: { XRUN_CACHE_DIR: cache },
    });
    expect(first.code).toBe(0);
    expect(entries(cache)).toEqual([]);
    const second = await runXrun(SHOW, { env: { XRUN_CACHE_DIR: cache } });
    expect(second.stdout.toString().trimEnd().split('\n')[1]).not.toBe(first.stdout.toString().trim());
    mkdirSync(join(dir, 'go'));
  }, 60_000);

  it('a FIFO directory open to others is not used: the FIFO is made in $TMPDIR and removed, with no line', async () => {
    const cache = tempDir('xrun-cache-');
    mkdirSync(join(cache, 'fifos'));
    chmodSync(join(cache, 'fifos'), 0o777);
    const tmp = tempDir('xrun-tmp-');
    const r = await runXrun(SHOW, { env: { XRUN_CACHE_DIR: cache, TMPDIR: tmp } });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(new RegExp(`^${tmp}/xrun-relay-[^/]+/pipe\\n`));
    expect(xrunLines(r.stderr)).toEqual([]);
    expect(entries(cache)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
