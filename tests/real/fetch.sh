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
mkdir -p "$APTDIR/lists/partial" "$APTDIR/archives/partial" "$CACHE/src"

mirror="http://deb.debian.org/debian"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  [ -n "$m" ] && mirror="$m"
elif [ -f /etc/apt/sources.list ]; then
  m=$(awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  [ -n "$m" ] && mirror="$m"
fi
cat > "$APTDIR/sources.list" <<EOS
deb-src $mirror bookworm main
deb-src $mirror bookworm-updates main
EOS

APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list"
          -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$APTDIR/lists"
          -o "Dir::Cache::Archives=$APTDIR/archives"
          -o "APT::Sandbox::User=root"
          -o "Debug::NoLocking=1")

# Refresh the private source index at most once a day (or when it is missing).
stamp="$APTDIR/lists/.wasmc-updated"
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
  echo "fetch: apt-get update (private deb-src index in $APTDIR)" >&2
  apt-get "${APT_OPTS[@]}" -q update >&2
  touch "$stamp"
fi

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
