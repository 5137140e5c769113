import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The whole run's temporary files go to one private directory: TMPDIR points there for the test
// workers (started after this, with this process's environment) and so for every xrun and every
// command they start. A test leaves nothing behind: the teardown fails the run, listing what is left.
export default function setup(): () => void {
  const suiteTmp = mkdtempSync(join(tmpdir(), 'xrun-suite-'));
  // as /tmp is: any user may make entries (tests run xrun as nobody through setpriv), none may remove another's
  chmodSync(suiteTmp, 0o1777);
  process.env.TMPDIR = suiteTmp;
  return () => {
    const left = leftovers(suiteTmp);
    rmSync(suiteTmp, { recursive: true, force: true });
    if (left.length === 0) return;
    // vitest only logs a teardown's error: the exit code says it too
    process.exitCode = 1;
    throw new Error(`the tests left ${left.length} entries in their TMPDIR (${suiteTmp}):\n${left.join('\n')}`);
  };
}

// What is left in the run's TMPDIR: each entry, and the first few inside a directory. xrun keeps its
// queue directories (xrun-queue-UID/HASH, shared by every run on one daemon) by design: only a ticket
// left in one is a leftover.
function leftovers(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (/^xrun-queue-\d+$/.test(name)) return queueTickets(join(dir, name)).map((ticket) => `${name}/${ticket}`);
    let inside: string[] = [];
    try {
      inside = readdirSync(join(dir, name)).slice(0, 5);
    } catch {
      // a file, or a directory it cannot read: its name says enough
    }
    return [name, ...inside.map((entry) => `  ${name}/${entry}`)];
  });
}

// The tickets left in a user's queue directories (each HASH directory's entries).
function queueTickets(userQueues: string): string[] {
  return readdirSync(userQueues).flatMap((queue) => {
    const path = join(userQueues, queue);
    return statSync(path).isDirectory() ? readdirSync(path).map((ticket) => `${queue}/${ticket}`) : [queue];
  });
}
