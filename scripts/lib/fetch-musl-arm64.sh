#!/bin/bash
# scripts/lib/fetch-musl-arm64.sh — Debian 12's musl for AArch64 (musl and
# musl-dev, architecture arm64: `Multi-Arch: same`, so they are in the
# bookworm archive beside the amd64 ones), for the aarch64-linux-musl runtime
# and its link (CMakeLists.txt, docs/targets.md "musl").  Debian has no
# musl cross package, and installing musl-dev:arm64 would need
# `dpkg --add-architecture arm64`; instead the two .debs are fetched with
# `apt-get download` through a private apt configuration (APT::Architectures
# arm64 beside the native one, its own sources, lists and archives: scripts/lib/apt-private.sh;
# the system's /etc/apt and dpkg's architectures are neither read for
# sources nor modified) and unpacked with `dpkg-deb -x` into
# $WASMC_CACHE (default ~/.cache/wasmc)/musl-arm64/<version>/root.  The
# version is the host's musl-dev's (the x86-64 musl runtime's), so both musl
# targets are the same musl.  Prints the root on stdout (headers in
# ROOT/usr/include/aarch64-linux-musl, crt1.o crti.o crtn.o libc.a in
# ROOT/usr/lib/aarch64-linux-musl).  A complete unpack is marked with
# .wasmc-complete.
set -euo pipefail

CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
APTDIR="$CACHE/apt-arm64"
mkdir -p "$CACHE/musl-arm64"

ver=$(dpkg-query -W -f '${Version}' musl-dev 2> /dev/null || true)
if [ -n "$ver" ] && [ -f "$CACHE/musl-arm64/$ver/.wasmc-complete" ]; then
  echo "$CACHE/musl-arm64/$ver/root"; exit 0
fi

# shellcheck source=apt-private.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-private.sh"
APT_PRIVATE_OPTS=(-o "APT::Architectures::=arm64") # apt adds the native one
apt_private_setup "$APTDIR" "deb bookworm main"
if [ -z "$ver" ]; then
  ver=$(apt-cache "${APT_OPTS[@]}" show musl-dev:arm64 2> /dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1)
  [ -n "$ver" ] || { echo "fetch-musl-arm64: musl-dev:arm64 is not in bookworm's index" >&2; exit 1; }
fi
dest="$CACHE/musl-arm64/$ver"
if [ ! -f "$dest/.wasmc-complete" ]; then
  echo "fetch-musl-arm64: apt-get download musl:arm64=$ver musl-dev:arm64=$ver" >&2
  rm -rf "$dest"; mkdir -p "$dest/debs" "$dest/root"
  ( cd "$dest/debs" && apt-get "${APT_OPTS[@]}" -q download "musl:arm64=$ver" "musl-dev:arm64=$ver" >&2 )
  for deb in "$dest"/debs/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
  rm -rf "$dest/debs"
  for f in usr/include/aarch64-linux-musl/stdio.h usr/lib/aarch64-linux-musl/crt1.o usr/lib/aarch64-linux-musl/libc.a; do
    [ -f "$dest/root/$f" ] || { echo "fetch-musl-arm64: $f missing from the unpacked musl-dev:arm64" >&2; exit 1; }
  done
  touch "$dest/.wasmc-complete"
fi
echo "$dest/root"
