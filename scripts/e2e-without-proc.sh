#!/usr/bin/env bash
# `npm test`'s last step: the end-to-end suite once more as on a system without /proc (macOS, the
# BSDs), reproduced on Linux in a mount namespace with an empty tmpfs over /proc. Their ps needs no
# /proc, procps's does: test/fixtures/ps-without-proc/ps stands in. Needs root and unshare; without
# them it says so in one line and passes, except as root under CI=true, where it must run. Node and
# vitest work there (os.cpus() is empty; vitest.config.ts fixes the worker count anyway).
set -u
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && [ "${CI:-}" = true ]; then
    echo "npm test: the end-to-end run without /proc must run under CI=true as root, but unshare -m failed" >&2
    exit 1
  fi
  echo "npm test: skipped the end-to-end run without /proc (it needs root and unshare)"
  exit 0
fi
# test files to run instead of the whole of test/e2e may be given
[ $# -gt 0 ] || set -- test/e2e
echo "npm test: the end-to-end suite again without /proc (an empty tmpfs over it)"
exec unshare -m --propagation private sh -c \
  'mount -t tmpfs tmpfs /proc && PATH="$PWD/test/fixtures/ps-without-proc:$PATH" exec node node_modules/vitest/vitest.mjs run "$@"' sh "$@"
