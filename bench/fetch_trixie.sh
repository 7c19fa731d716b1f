#!/bin/bash
# bench/fetch_trixie.sh PKG... — tests/real/fetch.sh for the Debian 13 (trixie)
# source packages that bookworm lacks (QuickJS): downloads and unpacks them
# into ~/.cache/wasmc/src/<pkg>/<version>/ (the same layout and .wasmc-complete
# marker) and prints each unpacked directory on stdout.  Its private apt
# configuration is ~/.cache/wasmc/apt-trixie-src (the system's /etc/apt is
# neither read for sources nor modified).
set -euo pipefail

CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
mkdir -p "$CACHE/src"

# shellcheck source=../scripts/lib/apt-private.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/apt-private.sh"
apt_private_setup "$CACHE/apt-trixie-src" "deb-src trixie main"

for pkg in "$@"; do
  ver=$(apt-cache "${APT_OPTS[@]}" showsrc "$pkg" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -V | tail -1)
  [ -n "$ver" ] || { echo "fetch_trixie: cannot find source package $pkg" >&2; exit 1; }
  dest="$CACHE/src/$pkg/$ver"
  if [ ! -f "$dest/.wasmc-complete" ]; then
    echo "fetch_trixie: apt-get source $pkg=$ver" >&2
    rm -rf "$dest"; mkdir -p "$dest"
    ( cd "$dest" && apt-get "${APT_OPTS[@]}" -q source "$pkg=$ver" >&2 )
    touch "$dest/.wasmc-complete"
  fi
  d=$(find "$dest" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -1)
  [ -n "$d" ] || { echo "fetch_trixie: no unpacked directory for $pkg in $dest" >&2; exit 1; }
  echo "$d"
done
