#!/usr/bin/env bash
# Runs an image tarball (Jib's target/jib-image.tar) on a machine with no container engine, as a check that
# the image itself works: its layers are unpacked into a root file system and its entrypoint and arguments
# run there with its environment, working directory and user, as PID 1 of a new PID namespace with its own
# /proc. Not a container runtime: the network, /dev and /sys are the host's, nothing limits memory or CPU,
# and only a root user can do this (mount and PID namespaces).
#
# Usage: sudo src/container/run-image.sh IMAGE.tar [KEY=VALUE ...]   (settings added to the image's Env)
set -euo pipefail

image=$(realpath "$1")
shift
work=$(mktemp -d)
# --one-file-system: never follows into anything still mounted below the unpacked root.
trap 'rm -rf --one-file-system "$work"' EXIT
root=$work/rootfs
mkdir -p "$work/image" "$root"
tar -xf "$image" -C "$work/image"

# Layers in manifest order (no whiteouts to apply: Jib only adds files).
for layer in $(jq -r '.[0].Layers[]' "$work/image/manifest.json"); do
  tar --warning=no-unknown-keyword -xf "$work/image/$layer" -C "$root"
done

config=$work/image/$(jq -r '.[0].Config' "$work/image/manifest.json")
mapfile -t env < <(jq -r '.config.Env // [] | .[]' "$config")
mapfile -t command < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$config")
user=$(jq -r '.config.User // "0:0"' "$config")
workdir=$(jq -r '.config.WorkingDir // "/"' "$config")

# The entrypoint's program, looked up along the image's PATH inside the image.
path=$(printf '%s\n' "${env[@]}" | sed -n 's/^PATH=//p')
for dir in ${path//:/ }; do
  if [ -x "$root$dir/${command[0]}" ]; then
    command[0]=$dir/${command[0]}
    break
  fi
done

mkdir -p "$root/proc" "$root/dev" "$root/sys" "$root/etc"
touch "$root/etc/hosts" "$root/etc/resolv.conf"
export ROOTFS=$root
# The root is made a mount point of its own, as a container's is: the JDK finds a file's store (free space)
# among the mounts it can see. The mounts live in a private mount namespace and end with it; not exec'd, so the
# trap removes the unpacked image afterwards.
unshare --mount --fork bash -c '
  mount --bind "$ROOTFS" "$ROOTFS"
  mount --rbind /dev "$ROOTFS/dev"
  mount --rbind /sys "$ROOTFS/sys"
  mount --bind /etc/hosts "$ROOTFS/etc/hosts"
  mount --bind /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
  exec "$@"' run-image \
  env -i "${env[@]}" "$@" \
  unshare --pid --fork --mount-proc=/proc --root="$root" --wd="$workdir" \
  --setuid="${user%%:*}" --setgid="${user##*:}" "${command[@]}"
