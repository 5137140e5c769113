import { parseConfig } from '../../../src/settings/config.js';

// A config file with a base, a tool section and two profiles, one with a tool section of its own
// (config.test.ts reads it, layers.test.ts layers it).
export const config = parseConfig('xrun.config.json', {
  attempts: 2,
  delay: '1s',
  quiet: true,
  tools: { buck2: { retryBusy: true, retryConnect: true, attempts: 5 } },
  profiles: {
    ci: { attempts: 7, retryOn: ['network', 2], tools: { buck2: { delay: 3 } } },
    local: { normalize: true },
  },
});
