#!/bin/bash
# scripts/lib/fetch-go.sh — a Go toolchain that builds wasip1 modules, for the
# test and bench scripts: Debian 13 (trixie)'s golang-1.24-go and
# golang-1.24-src, fetched with `apt-get download` through a private apt
# configuration (the system's /etc/apt is never read or modified) and unpacked
# with `dpkg-deb -x` into $WASMC_CACHE (default ~/.cache/wasmc)/go/<version>;
# nothing is installed.  Prints the GOROOT on stdout.  A complete unpack is
# marked with .wasmc-complete; the index is refreshed at most once a day.
set -euo pipefail

CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
APTDIR="$CACHE/apt-trixie"
PKG=golang-1.24
mkdir -p "$CACHE/go"

# shellcheck source=apt-private.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-private.sh"
apt_private_setup "$APTDIR" "deb trixie main"
ver=$(apt-cache "${APT_OPTS[@]}" show "$PKG-go" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1)
[ -n "$ver" ] || { echo "fetch-go: $PKG-go is not in trixie's index" >&2; exit 1; }
dest="$CACHE/go/$ver"
if [ ! -f "$dest/.wasmc-complete" ]; then
  echo "fetch-go: apt-get download $PKG-go=$ver $PKG-src=$ver" >&2
  rm -rf "$dest"; mkdir -p "$dest/debs" "$dest/root"
  ( cd "$dest/debs" && apt-get "${APT_OPTS[@]}" -q download "$PKG-go=$ver" "$PKG-src=$ver" >&2 )
  for deb in "$dest"/debs/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
  rm -rf "$dest/debs"
  "$dest/root/usr/lib/go-1.24/bin/go" version >&2
  touch "$dest/.wasmc-complete"
fi
echo "$dest/root/usr/lib/go-1.24"
