import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runXrun, startXrun, tempDir } from '../helpers/xrun.js';

// A stand-in named like the tool (the model is detected from the basename): it writes the first stop
// signal it gets to $OUT and exits as bazel does on a cancel (8), its sleep with it (a background job
// ignores SIGINT).
function standIn(name: string): { command: string; out: string } {
  const dir = tempDir('xrun-tool-stop-');
  const command = join(dir, name);
  const out = join(dir, 'got');
  writeFileSync(
    command,
    `#!/usr/bin/env bash
trap 'echo INT > "$OUT"; kill $!; exit 8' INT
trap 'echo TERM > "$OUT"; kill $!; exit 8' TERM
echo ready >&2
sleep 30 & wait
`,
  );
  chmodSync(command, 0o755);
  return { command, out };
}

describe('tool-aware stop', () => {
  it.each<[string, string, string[], string]>([
    ['bazel gets SIGINT on --timeout', 'bazel', [], 'INT'],
    ['buck2 gets SIGINT on --timeout', 'buck2', [], 'INT'],
    ['any other command gets SIGTERM', 'make', [], 'TERM'],
    ['--signal TERM overrides for bazel', 'bazel', ['--signal', 'TERM'], 'TERM'],
  ])('%s', async (_name, tool, options, got) => {
    const { command, out } = standIn(tool);
    const r = await runXrun([...options, '--timeout', '300ms', '--', command, 'build'], { env: { OUT: out } });
    expect(r.code).toBe(124);
    expect(readFileSync(out, 'utf8')).toBe(`${got}\n`);
  });

  it.each<[string, string, string[], string]>([
    ['a SIGTERM xrun forwards reaches bazel as SIGINT', 'bazel', [], 'INT'],
    ['a SIGTERM xrun forwards reaches buck2 as SIGINT', 'buck2', [], 'INT'],
    ['with --signal, a forwarded SIGTERM stays SIGTERM', 'bazel', ['--signal', 'INT'], 'TERM'],
    ['a SIGTERM xrun forwards reaches any other command as SIGTERM', 'make', [], 'TERM'],
  ])('%s', async (_name, tool, options, got) => {
    const { command, out } = standIn(tool);
    const run = startXrun([...options, '--', command, 'build'], { env: { OUT: out } });
    await run.stderrIncludes('ready');
    run.child.kill('SIGTERM');
    const r = await run.finished;
    // xrun ends by the signal it received, whatever the command got
    expect(r.signal).toBe('SIGTERM');
    expect(readFileSync(out, 'utf8')).toBe(`${got}\n`);
  });
});
