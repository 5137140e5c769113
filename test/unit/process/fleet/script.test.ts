import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { FLEET_SCRIPT, FLEET_SCRIPT_SHA } from '../../../../src/process/fleet/script.js';

it("FLEET_SCRIPT_SHA is the script's SHA-1 (update it with the script)", () => {
  expect(FLEET_SCRIPT_SHA).toBe(createHash('sha1').update(FLEET_SCRIPT).digest('hex'));
});
