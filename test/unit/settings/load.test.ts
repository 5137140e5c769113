import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/settings/load.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { tempDir } from '../../helpers/xrun.js';

describe('loadSettings: flags, XRUN_* variables and the config file found from the directory upwards', () => {
  const root = tempDir('xrun-load-');
  const below = join(root, 'a', 'b');
  mkdirSync(below, { recursive: true });
  writeFileSync(
    join(root, 'xrun.config.json'),
    JSON.stringify({ attempts: 2, delay: '1s', quiet: true, tools: { buck2: { retryBusy: true } } }),
  );

  it('layers the three, each setting named by where it came from', () => {
    const resolved = loadSettings({ attempts: '9' }, ['buck2', 'build'], { XRUN_DELAY: '3s', HOME: '/h' }, below);
    expect(resolved.settings).toEqual({ tool: 'buck2', attempts: '9', delay: '3s', quiet: true, retryBusy: true });
    expect(resolved.origins).toEqual({
      attempts: '--attempts',
      delay: 'XRUN_DELAY',
      quiet: '../../xrun.config.json: quiet',
      retryBusy: '../../xrun.config.json: tools.buck2.retryBusy',
    });
    expect(resolved.config?.file).toBe('../../xrun.config.json');
  });

  it('an invalid variable stops it, naming the variable', () => {
    expect(() => loadSettings({}, ['x'], { XRUN_QUIET: 'maybe' }, below)).toThrow(
      new UsageError("XRUN_QUIET: expected 1, true, yes, 0, false or no, got 'maybe'"),
    );
  });
});
