import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig } from '../../../src/settings/config-find.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { tempDir } from '../../helpers/xrun.js';

describe('finding the config file (settings/config-find.ts)', () => {
  it('the first file upwards, its JSON unvalidated, named from the directory asked', () => {
    const root = tempDir();
    const cwd = join(root, 'a', 'b');
    mkdirSync(cwd, { recursive: true });
    expect(findConfig(cwd)).toBeUndefined();
    writeFileSync(join(root, '.xrunrc.json'), '{"attempts": "x"}');
    expect(findConfig(cwd)).toEqual({ label: '../../.xrunrc.json', json: { attempts: 'x' }, keyPrefix: '' });
    // xrun.config.json before .xrunrc.json in one directory; a nearer directory first
    writeFileSync(join(root, 'xrun.config.json'), '{"quiet": true}');
    expect(findConfig(cwd)?.label).toBe('../../xrun.config.json');
    writeFileSync(join(cwd, 'package.json'), '{"xrun": {"tool": "buck2"}}');
    expect(findConfig(cwd)).toEqual({ label: 'package.json', json: { tool: 'buck2' }, keyPrefix: 'xrun.' });
  });

  it("someone else's package.json, even a broken one, is passed over; a broken config file is an error", () => {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), '{"name": ');
    expect(findConfig(root)).toBeUndefined();
    writeFileSync(join(root, '.xrunrc.json'), '{"attempts": ');
    expect(() => findConfig(root)).toThrow(UsageError);
    expect(() => findConfig(root)).toThrow(/^\.xrunrc\.json: not valid JSON/);
  });

  it('a package.json is read for its "xrun" key however the key is spelled, escapes too', () => {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), '{"name": "x", "scripts": {"xrun": "xrun -- true"}}');
    expect(findConfig(root)).toBeUndefined();
    writeFileSync(join(root, 'package.json'), '{"name": "x", "x\\u0072un": {"quiet": true}}');
    expect(findConfig(root)).toEqual({ label: 'package.json', json: { quiet: true }, keyPrefix: 'xrun.' });
    writeFileSync(join(root, 'package.json'), '{"\\u0078\\u0072\\u0075\\u006e": {"attempts": 2}}');
    expect(findConfig(root)?.json).toEqual({ attempts: 2 });
  });
});
