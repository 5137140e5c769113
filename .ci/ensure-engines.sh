#!/usr/bin/env bash
# `npm test`'s first step: the engine tests need podman, bazel and the busybox image. When they are
# missing and this is root (who can install them, offline, from Debian's packages), install them now,
# so that `npm ci && npm test` works on a fresh machine. Otherwise do nothing: the engine tests then
# fail under CI=true and are skipped with a message elsewhere.
set -u
have() { command -v "$1" >/dev/null 2>&1; }
if have podman && have bazel && have redis-server && have redis-sentinel && have zsh && have fish && have groff && podman image exists localhost/bb:latest 2>/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ]; then exit 0; fi
echo "npm test: installing the engines the tests drive (podman, bazel): .ci/install-engines.sh"
bash "$(dirname "$0")/install-engines.sh" || echo "npm test: engine install failed; the engine tests will say what is missing" >&2
exit 0
