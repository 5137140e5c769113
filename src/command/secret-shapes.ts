// Secrets known by their shape alone, whatever names them: a token's own prefix (kept, so the line
// still says what kind of token was there) and a body long enough that ordinary words, paths, commit
// hashes and UUIDs never match. Each body either ends the match wherever it stops (`{20,}`) or is a
// bounded length, and a JWT's three parts start only after a character outside them: no start can
// rescan what another start scanned, so the scan is linear in JavaScript's backtracking engine too.
const SHAPES: readonly { prefix: string; body: string; boundary?: string }[] = [
  // GitHub: personal access (classic), OAuth, user-to-server, server-to-server, refresh; fine-grained
  { prefix: 'gh[pousr]_', body: '[A-Za-z0-9]{20,}' },
  { prefix: 'github_pat_', body: '[A-Za-z0-9_]{20,}' },
  // GitLab: personal, deploy, runner, pipeline trigger, service account tokens
  { prefix: 'gl(?:pat|dt|rt|ptt|soat)-', body: '[A-Za-z0-9_-]{20,}' },
  // AWS access key ids (long-term, temporary): exactly 16 more
  { prefix: 'AKIA|ASIA', body: '[A-Z0-9]{16}(?![A-Za-z0-9])' },
  // Slack bot, app, user, refresh, workspace tokens; app-level tokens
  { prefix: 'xox[abprs]-|xapp-', body: '[A-Za-z0-9-]{10,}' },
  // npm automation and publish tokens
  { prefix: 'npm_', body: '[A-Za-z0-9]{30,}' },
  // PyPI API tokens (a macaroon)
  { prefix: 'pypi-', body: '[A-Za-z0-9_-]{50,}' },
  // Google API keys
  { prefix: 'AIza', body: '[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])' },
  // Stripe live secret and restricted keys
  { prefix: '[sr]k_live_', body: '[A-Za-z0-9]{20,}' },
  // HashiCorp Vault service, batch and recovery tokens
  { prefix: 'hv[sbr]\\.', body: '[A-Za-z0-9_-]{20,}' },
  // a JWT: base64url of `{"` (eyJ), then payload and signature (an unsigned one ends at its dot)
  { prefix: 'eyJ', body: '[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*', boundary: '[A-Za-z0-9_-]' },
];

const SHAPE = new RegExp(
  SHAPES.map(({ prefix, body, boundary = '[A-Za-z0-9]' }) => `(?<!${boundary})(${prefix})${body}`).join('|'),
  'g',
);

// `text` with every secret of a known shape replaced by its prefix and ***: ghp_***, AKIA***. Pure.
export function redactShapes(text: string, redacted: string): string {
  return text.replace(SHAPE, (...groups: unknown[]) => {
    const prefix = groups.slice(1, SHAPES.length + 1).find((g) => typeof g === 'string') as string;
    return `${prefix}${redacted}`;
  });
}
