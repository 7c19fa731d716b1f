#!/bin/bash
# tests/real/fetch.sh PKG... — download and unpack Debian bookworm source packages
# into ~/.cache/wasmc/src/<pkg>/<pkg>-<version>/ and print the unpacked directory
# of each package (one line per package) on stdout.
#
# Uses a private apt configuration (a deb-src line for the same mirror the system
# uses), so the system's /etc/apt is never modified.  Sources are cached by
# version; a complete unpack is marked with a .wasmc-complete file.
set -euo pipefail

CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
APTDIR="$CACHE/apt"
mkdir -p "$CACHE/src"

# shellcheck source=../../scripts/lib/apt-private.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/apt-private.sh"
apt_private_setup "$APTDIR" "deb-src bookworm main" "deb-src bookworm-updates main"

for pkg in "$@"; do
  ver=$(apt-cache "${APT_OPTS[@]}" showsrc "$pkg" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1)
  [ -n "$ver" ] || { echo "fetch: cannot find source package $pkg" >&2; exit 1; }
  upver=${ver#*:}; upver=${upver%-*}
  dest="$CACHE/src/$pkg/$ver"
  if [ ! -f "$dest/.wasmc-complete" ]; then
    echo "fetch: apt-get source $pkg=$ver" >&2
    rm -rf "$dest"; mkdir -p "$dest"
    ( cd "$dest" && apt-get "${APT_OPTS[@]}" -q source "$pkg=$ver" >&2 )
    touch "$dest/.wasmc-complete"
  fi
  d=$(find "$dest" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -1)
  [ -n "$d" ] || { echo "fetch: no unpacked directory for $pkg in $dest" >&2; exit 1; }
  echo "$d"
done
