#!/usr/bin/env bash
# Sets up the container engine the engine tests drive, with no registry and no network: rootful podman
# from Debian's packages (with runc, catatonit and busybox-static) and a tiny image, localhost/bb:latest,
# built from the machine's static busybox. Idempotent: when everything is in place it changes nothing.
# Needs root. Called by .ci/install-engines.sh.
#
# Engine settings (/etc/containers/containers.conf), and why:
#   runtime runc           crun rejects this kind of machine's hybrid cgroup setup; runc accepts it
#   cgroup_manager         cgroupfs: no systemd to manage cgroups in a container or CI sandbox
#   events_logger file     no journald either
#   default_ulimits        podman's default nofile/nproc limits are higher than the sandbox allows
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

image=localhost/bb:latest

if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v catatonit >/dev/null || [ ! -x /bin/busybox ]; then
  apt-get update -qq
  apt-get install -y -qq podman runc catatonit busybox-static </dev/null >/dev/null
fi

conf='[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
'
mkdir -p /etc/containers
if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "${conf%$'\n'}" ]; then
  printf '%s' "$conf" > /etc/containers/containers.conf
fi

# The image: busybox and the applets the tests call, an empty /tmp and /etc, and /bin/notexec, a file
# without execute permission (podman run exits 126 on it). Imported from a tarball: no registry.
if ! podman image exists "$image"; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh true false sleep echo cat kill; do ln -s busybox "$root/bin/$applet"; done
  echo 'not a program' > "$root/bin/notexec"
  chmod 0644 "$root/bin/notexec"
  tar -C "$root" -c . | podman import --change 'CMD ["/bin/sh"]' - "$image" >/dev/null
fi

echo "podman $(podman --version | awk '{print $NF}') ready with image $image"
# The docker CLI can drive this podman too, through its API service on a socket:
#   podman system service --time=0 unix://$SOCK &  and then  DOCKER_HOST=unix://$SOCK docker run ...
# (test/engines/docker-podman.test.ts does that; CONTRIBUTING.md lists podman 4.3.1's known gaps there.)
