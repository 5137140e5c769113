// xrun's own usage or configuration error: one line on stderr, exit 125, nothing is started.
export class UsageError extends Error {
  override name = 'UsageError';
}
