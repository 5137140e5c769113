// A report as `--report` writes it: one attempt that succeeded (schema/report.schema.json), for tests
// that write a report by hand, changed where they need.
export const SUCCESS_ATTEMPT = {
  attempt: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 5,
  outcome: { kind: 'exited', code: 0 },
  classification: {
    category: 'success',
    name: 'Success',
    meaning: 'the command succeeded',
    normalizedCode: 0,
    rawCode: 0,
    rule: null,
    signal: null,
    via: null,
  },
  decision: { retry: false, stop: 'success', reason: 'the command succeeded', decider: null, mapTo: null },
  delayMs: null,
  killEscalated: false,
  outputErrors: [],
};

export const SUCCESS_REPORT = {
  schemaVersion: 1,
  xrunVersion: '0.1.0',
  command: ['true'],
  tool: 'generic',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 5,
  maxAttempts: 1,
  attempts: [SUCCESS_ATTEMPT],
  interrupted: null,
  deadlineSpent: false,
  flaky: false,
  survived: [],
  exit: { rawCode: 0, code: 0, signal: null },
};
