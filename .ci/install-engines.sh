#!/usr/bin/env bash
# Installs the real engines xrun's integration tests drive, offline, from Debian's packages:
#   - podman (+ runc, catatonit, busybox-static and the local image localhost/bb:latest),
#     via .ci/podman-setup.sh;
#   - bazel (Debian's bazel-bootstrap, bazel 4.2.3); the tests make their own workspaces
#     with test/fixtures/bazel-workspace.sh;
#   - tmux, if missing;
#   - redis-server (Debian's redis-server, with TLS) and redis-sentinel, for the --fleet tests; the tests
#     start their own servers in temporary directories, so the system services these packages enable
#     are stopped;
#   - zsh and fish (the completion tests load xrun's scripts in them), groff and man-db (the man page).
# Idempotent: a second run installs nothing and takes well under a second.
# Needs root (apt-get, /etc/containers). Prints how long each step took.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

log=$(mktemp "${TMPDIR:-/tmp}/install-engines.XXXXXX")
trap 'rm -f "$log"' EXIT

now() { echo "${EPOCHREALTIME/[.,]/}"; } # microseconds
elapsed() { local us=$(( $(now) - $1 )); printf '%d.%02ds' $((us / 1000000)) $(((us % 1000000) / 10000)); }

# Run a step quietly; show its output only if it fails.
step() {
  local name=$1; shift
  local t0; t0=$(now)
  if "$@" >"$log" 2>&1; then
    echo "install-engines: $name: ok ($(elapsed "$t0"))"
  else
    local rc=$?
    echo "install-engines: $name: FAILED with exit $rc after $(elapsed "$t0"); its output:" >&2
    sed 's/^/  | /' "$log" >&2
    exit "$rc"
  fi
}

if [ "$(id -u)" -ne 0 ]; then
  echo "install-engines: must run as root (apt-get, /etc/containers)" >&2
  exit 1
fi

# apt-get install; on failure (fresh machine with no package lists, or stale ones) refresh the
# lists once and retry.
apt_install() {
  apt-get install -y -qq "$@" </dev/null && return 0
  apt-get update -qq
  apt-get install -y -qq "$@" </dev/null
}

total0=$(now)

# 1. podman and the test image (idempotent and quick when all is there).
step "podman (.ci/podman-setup.sh)" bash "$here/podman-setup.sh"

# 2. bazel (the workspace itself is made by the tests).
if command -v bazel >/dev/null; then
  echo "install-engines: bazel: already installed (0.00s)"
else
  step "bazel (apt bazel-bootstrap)" apt_install bazel-bootstrap
fi

# 3. tmux
if command -v tmux >/dev/null; then
  echo "install-engines: tmux: already installed (0.00s)"
else
  step "tmux (apt tmux)" apt_install tmux
fi

# 4. redis-server (the tests start their own; the package's service is not needed)
if command -v redis-server >/dev/null; then
  echo "install-engines: redis-server: already installed (0.00s)"
else
  step "redis-server (apt redis-server)" apt_install redis-server
  (systemctl disable --now redis-server || service redis-server stop) >/dev/null 2>&1 || true
fi

# 4b. redis-sentinel (the sentinel tests start their own sentinels; the package's service is not needed)
if command -v redis-sentinel >/dev/null; then
  echo "install-engines: redis-sentinel: already installed (0.00s)"
else
  step "redis-sentinel (apt redis-sentinel)" apt_install redis-sentinel
  (systemctl disable --now redis-sentinel || service redis-sentinel stop) >/dev/null 2>&1 || true
fi

# 5. the shells the completion tests load scripts in, what renders the man page, and strace (what
# xrun runs and opens after a container's exit, test/engines/oom.test.ts)
missing=()
for pair in zsh:zsh fish:fish groff:groff man:man-db strace:strace; do
  command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-engines: zsh, fish, groff, man, strace: already installed (0.00s)"
else
  step "${missing[*]} (apt)" apt_install "${missing[@]}"
fi

# Sanity: everything the tests call is on PATH now.
for c in podman runc bazel tmux redis-server redis-sentinel redis-cli openssl zsh fish groff man strace; do
  command -v "$c" >/dev/null || { echo "install-engines: $c still missing after install" >&2; exit 1; }
done
echo "install-engines: all engines ready ($(elapsed "$total0") total)"
