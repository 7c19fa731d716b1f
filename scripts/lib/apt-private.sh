# scripts/lib/apt-private.sh — sourced by the scripts that fetch Debian
# packages (tests/real/fetch.sh: bookworm sources; scripts/lib/fetch-go.sh:
# trixie binaries).  They use a private apt configuration under the cache, so
# the system's /etc/apt is never read for sources nor modified.
#
#   apt_private_setup DIR LINE...  writes DIR/sources.list from LINEs (each
#       "deb|deb-src SUITE COMPONENT", the mirror the system uses put in),
#       creates DIR's lists and archives, sets APT_OPTS (an array of -o
#       options for apt-get and apt-cache) and refreshes the index when it
#       is older than a day (or missing); apt's output goes to stderr.
#       APT_PRIVATE_OPTS (an array, optional) is added to APT_OPTS, e.g.
#       APT::Architectures for another architecture's binary packages
#       (scripts/lib/fetch-musl-arm64.sh).

apt_private_mirror() {
  local m=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  elif [ -f /etc/apt/sources.list ]; then
    m=$(awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

apt_private_setup() {
  local dir=$1; shift
  local mirror; mirror=$(apt_private_mirror)
  mkdir -p "$dir/lists/partial" "$dir/archives/partial"
  local l
  : > "$dir/sources.list"
  for l in "$@"; do
    read -r kind rest <<< "$l"
    echo "$kind $mirror $rest" >> "$dir/sources.list"
  done
  APT_OPTS=(-o "Dir::Etc::SourceList=$dir/sources.list"
            -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$dir/lists"
            -o "Dir::Cache::Archives=$dir/archives"
            -o "APT::Sandbox::User=root"
            -o "Debug::NoLocking=1"
            ${APT_PRIVATE_OPTS[@]+"${APT_PRIVATE_OPTS[@]}"})
  local stamp="$dir/lists/.wasmc-updated"
  if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440 2>/dev/null)" ]; then
    echo "apt: apt-get update (private index in $dir)" >&2
    apt-get "${APT_OPTS[@]}" -q update >&2
    touch "$stamp"
  fi
}
