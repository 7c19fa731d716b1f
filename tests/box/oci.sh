#!/bin/bash
# tests/box/oci.sh WASMC OUTDIR
#
# `wasmc --oci IMAGE.tar` (docs/cli.md): an OCI image archive whose only layer
# holds the static executable.  A small C program (below) is built with
# clang-19 --target=wasm32-wasi, compiled with WASMC --oci, and the image is
#   - checked independently (python3: every blob's digest and size, media
#     types, ref.name "latest", the layer = gzip'ed tar with exactly one entry
#     NAME, mode 0755, uid/gid 0, diff_id = sha256 of the uncompressed tar);
#   - inspected with skopeo (oci-archive: architecture, os, Entrypoint; and the
#     same file as docker-archive:, i.e. its manifest.json for `docker load`);
#   - copied with `skopeo copy oci-archive:… oci:layout:latest` and unpacked
#     with `umoci unpack` (--rootless when not root); the bundle's rootfs must
#     contain nothing but the executable, the bundle's process.args ["/NAME"];
#   - run in an empty chroot (`chroot rootfs /NAME args`; `unshare -r chroot`
#     when not root): stdout and exit status must be the program's.
# Also: two builds are byte-for-byte identical (and -o's executable is the one
# in the image), SOURCE_DATE_EPOCH sets the times, error cases (--emit=obj,
# an unwritable or unusable path, a bad SOURCE_DATE_EPOCH) exit 1 with one
# message and leave no file, and the other architecture (arm64 on an x86-64
# host, amd64 on AArch64) gives an image that validates and whose unpacked
# executable runs under qemu-user.
# Prints PASS/FAIL/SKIP per case and, last, "N passed, N failed, N skipped".
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 WASMC OUTDIR" >&2; exit 2; }
WASMC=$1
case $WASMC in */*) WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC") ;; esac
OUT=$2; mkdir -p "$OUT" || exit 2; OUT=$(cd "$OUT" && pwd)
CC=${CC:-clang-19}
T=${TIMEOUT:-120}

pass=0 failn=0 skip=0
result() { # PASS|FAIL|SKIP name [detail-file]
  echo "$1 oci/$2"
  case $1 in PASS) pass=$((pass + 1)) ;; SKIP) skip=$((skip + 1)) ;;
    *) failn=$((failn + 1)); [ -n "${3:-}" ] && [ -s "$3" ] && sed -n '1,15p' "$3" | sed 's/^/    /' ;; esac
}
finish() { echo "$pass passed, $failn failed, $skip skipped"; [ "$failn" -eq 0 ]; exit; }
ncheck=0
check() { # name command... : PASS iff the command succeeds (its output: $OUT/check-N.log)
  local name=$1 log; shift
  ncheck=$((ncheck + 1)); log="$OUT/check-$ncheck.log"
  if "$@" > "$log" 2>&1; then result PASS "$name"; else result FAIL "$name" "$log"; fi
}

# ---- prerequisites (scripts/setup.sh installs them) -------------------------
missing=()
for t in skopeo umoci python3 "$CC"; do command -v "$t" > /dev/null || missing+=("$t"); done
if [ ${#missing[@]} -gt 0 ]; then result FAIL "prerequisites (missing: ${missing[*]}; run scripts/setup.sh)"; finish; fi
ROOT=1; [ "$(id -u)" -eq 0 ] || ROOT=0
UMOCI=(umoci unpack); [ $ROOT = 1 ] || UMOCI+=(--rootless)
SKOPEO=(timeout "$T" skopeo --insecure-policy) # local files only: no signature policy involved

# ---- the program --------------------------------------------------------------
W="$OUT/work"
rm -rf "$W"; mkdir -p "$W"
cat > "$W/boxed.c" <<'EOF'
#include <stdio.h>
int main(int argc, char **argv) {
  printf("hello from the box, argc=%d", argc);
  for (int i = 1; i < argc; i++) printf(" [%s]", argv[i]);
  printf("\n");
  return argc > 1 ? 40 + argc : 0;
}
EOF
if ! $CC --target=wasm32-wasi -O2 "$W/boxed.c" -o "$W/boxed.wasm" > "$W/cc.log" 2>&1; then
  result FAIL "build boxed.wasm" "$W/cc.log"; finish
fi

# validate IMAGE ARCH NAME: the archive's structure, checked without skopeo/umoci
validate() {
  python3 - "$@" <<'EOF'
import gzip, hashlib, io, json, sys, tarfile
img, arch, name = sys.argv[1:4]
outer = tarfile.open(img)
files = {m.name: m for m in outer.getmembers()}
blobs = {n for n in files if n.startswith("blobs/sha256/") and files[n].isfile()}
want = {"oci-layout", "index.json", "manifest.json", "blobs", "blobs/sha256"}  # tarfile drops the "/"
assert set(files) - blobs == want and len(blobs) == 3, f"members: {sorted(files)}"
assert files["blobs"].isdir() and files["blobs/sha256"].isdir()
for m in outer.getmembers():
    assert m.uid == 0 and m.gid == 0, f"{m.name}: owner {m.uid}:{m.gid}"
read = lambda n: outer.extractfile(files[n]).read()
for b in blobs:
    assert "sha256:" + hashlib.sha256(read(b)).hexdigest() == "sha256:" + b.split("/")[-1], f"digest of {b}"
def blob(desc, mediatype):
    assert desc["mediaType"] == mediatype, desc
    data = read("blobs/sha256/" + desc["digest"].split(":")[1])
    assert len(data) == desc["size"], f"size of {desc['digest']}"
    return data
assert json.loads(read("oci-layout")) == {"imageLayoutVersion": "1.0.0"}
index = json.loads(read("index.json"))
assert index["schemaVersion"] == 2 and len(index["manifests"]) == 1, index
md = index["manifests"][0]
assert md["annotations"]["org.opencontainers.image.ref.name"] == "latest", md
assert md["platform"] == {"architecture": arch, "os": "linux"}, md
manifest = json.loads(blob(md, "application/vnd.oci.image.manifest.v1+json"))
config = json.loads(blob(manifest["config"], "application/vnd.oci.image.config.v1+json"))
assert len(manifest["layers"]) == 1, manifest
layer_gz = blob(manifest["layers"][0], "application/vnd.oci.image.layer.v1.tar+gzip")
assert layer_gz[4:8] == b"\0\0\0\0", "gzip header carries a timestamp"
layer = gzip.decompress(layer_gz)
assert config["architecture"] == arch and config["os"] == "linux", config
assert config["config"]["Entrypoint"] == ["/" + name], config["config"]
assert config["rootfs"] == {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}, config["rootfs"]
members = tarfile.open(fileobj=io.BytesIO(layer)).getmembers()
assert len(members) == 1, f"layer members: {[m.name for m in members]}"
m = members[0]
assert m.name == name and m.isfile() and m.mode == 0o755 and m.uid == 0 and m.gid == 0, (m.name, oct(m.mode), m.uid)
docker = json.loads(read("manifest.json"))
assert docker[0]["Config"] == "blobs/sha256/" + manifest["config"]["digest"].split(":")[1], docker
assert docker[0]["Layers"] == ["blobs/sha256/" + manifest["layers"][0]["digest"].split(":")[1]], docker
print("ok", img, arch, name, len(layer), "bytes uncompressed")
EOF
}

# skopeo + umoci: IMAGE ARCH NAME DIR -> DIR/bundle/rootfs
unpack_checks() {
  local img=$1 arch=$2 name=$3 d=$4 tag=$5
  rm -rf "$d"; mkdir -p "$d"
  check "$tag: skopeo inspect oci-archive (architecture $arch, os linux)" \
    bash -c '"${@:3}" inspect "oci-archive:$1" > "$1.inspect" && cat "$1.inspect" &&
             python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert (j[\"Architecture\"], j[\"Os\"]) == (sys.argv[2], \"linux\"), j" "$1.inspect" "$2"' \
    _ "$img" "$arch" "${SKOPEO[@]}"
  check "$tag: skopeo inspect --config (Entrypoint [\"/$name\"])" \
    bash -c '"${@:3}" inspect --config "oci-archive:$1" > "$1.config" && cat "$1.config" &&
             python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert j[\"config\"][\"Entrypoint\"] == [\"/\" + sys.argv[2]], j" "$1.config" "$2"' \
    _ "$img" "$name" "${SKOPEO[@]}"
  check "$tag: skopeo inspect docker-archive (manifest.json for docker load)" \
    bash -c '"${@:3}" inspect "docker-archive:$1" > "$1.docker" && cat "$1.docker" &&
             python3 -c "import json,sys; j=json.load(open(sys.argv[1])); assert j[\"Architecture\"] == sys.argv[2], j" "$1.docker" "$2"' \
    _ "$img" "$arch" "${SKOPEO[@]}"
  check "$tag: skopeo copy oci-archive: oci:layout:latest" "${SKOPEO[@]}" copy "oci-archive:$img" "oci:$d/layout:latest"
  check "$tag: umoci unpack --image layout:latest" timeout "$T" "${UMOCI[@]}" --image "$d/layout:latest" "$d/bundle"
  check "$tag: bundle process.args [\"/$name\"]" \
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["process"]["args"]; assert a == ["/" + sys.argv[2]], a' \
    "$d/bundle/config.json" "$name"
  (cd "$d/bundle/rootfs" 2> /dev/null && find . -mindepth 1 | sort) > "$d/rootfs.list"
  if [ "$(cat "$d/rootfs.list")" = "./$name" ] && [ -f "$d/bundle/rootfs/$name" ] && [ -x "$d/bundle/rootfs/$name" ]; then
    result PASS "$tag: rootfs holds only the executable /$name"
  else
    result FAIL "$tag: rootfs holds only the executable /$name (it holds: $(tr '\n' ' ' < "$d/rootfs.list"))"
  fi
}

# expect_run name expected-status expected-stdout command...
expect_run() {
  local name=$1 want=$2 wout=$3 st; shift 3
  timeout "$T" "$@" > "$OUT/run.out" 2> "$OUT/run.err" < /dev/null; st=$?
  if [ "$st" = "$want" ] && [ "$(cat "$OUT/run.out")" = "$wout" ]; then result PASS "$name"
  else
    { echo "status $st (want $want)"; echo "stdout: $(cat "$OUT/run.out")"; echo "want:   $wout"; cat "$OUT/run.err"; } > "$OUT/run.detail"
    result FAIL "$name" "$OUT/run.detail"
  fi
}

# expect_error name regex command...: exit 1, one message matching regex, nothing left in $W/err/
expect_error() {
  local name=$1 re=$2 st; shift 2
  timeout "$T" "$@" > "$OUT/err.out" 2> "$OUT/err.err" < /dev/null; st=$?
  local left; left=$(cd "$W/err" && find . -mindepth 1 ! -name keepdir ! -path './keepdir/*' | tr '\n' ' ')
  if [ "$st" != 1 ]; then result FAIL "$name (exit status $st, want 1)" "$OUT/err.err"
  elif ! grep -Eq -- "$re" "$OUT/err.err"; then result FAIL "$name (stderr does not match /$re/)" "$OUT/err.err"
  elif [ "$(wc -l < "$OUT/err.err")" -ne 1 ]; then result FAIL "$name (more than one line on stderr)" "$OUT/err.err"
  elif [ -n "$left" ]; then result FAIL "$name (left behind: $left)"
  else result PASS "$name"; fi
}

case "$(uname -m)" in
  x86_64) ARCH=amd64 OTHER_TRIPLE=aarch64-linux-gnu OTHER_ARCH=arm64 OTHER_QEMU=qemu-aarch64 ;;
  aarch64) ARCH=arm64 OTHER_TRIPLE=x86_64-linux-gnu OTHER_ARCH=amd64 OTHER_QEMU=qemu-x86_64 ;;
  *) result FAIL "host architecture $(uname -m) (x86_64 or aarch64)"; finish ;;
esac

# ---- 1. --oci alone: the image, nothing else ----------------------------------
mkdir -p "$W/a"
check "wasmc --oci img.tar boxed.wasm (no -o)" timeout "$T" "$WASMC" --oci "$W/a/img.tar" "$W/boxed.wasm"
left=$(cd "$W/a" && ls -A | tr '\n' ' ')
if [ "$left" = "img.tar " ]; then result PASS "--oci alone writes only the image"
else result FAIL "--oci alone writes only the image (directory holds: $left)"; fi
check "archive structure, digests, layer (python3)" validate "$W/a/img.tar" "$ARCH" boxed
unpack_checks "$W/a/img.tar" "$ARCH" boxed "$W/a/u" "$ARCH"

# ---- 2. run it in an empty chroot ---------------------------------------------
ROOTFS="$W/a/u/bundle/rootfs"
CHROOT=(chroot)
if [ $ROOT = 0 ]; then
  if unshare -r true 2> /dev/null; then CHROOT=(unshare -r chroot); else CHROOT=(); fi
fi
if [ ! -x "$ROOTFS/boxed" ]; then
  result FAIL "chroot run (no unpacked executable)"
elif [ ${#CHROOT[@]} -eq 0 ]; then
  result SKIP "chroot run (not root and no user namespaces for unshare -r)"
else
  expect_run "$ARCH: chroot rootfs /boxed (no arguments)" 0 "hello from the box, argc=1" "${CHROOT[@]}" "$ROOTFS" /boxed
  expect_run "$ARCH: chroot rootfs /boxed 'two words' x (status 43)" 43 "hello from the box, argc=3 [two words] [x]" \
    "${CHROOT[@]}" "$ROOTFS" /boxed "two words" x
fi

# ---- 3. reproducible; -o and --oci together ----------------------------------
mkdir -p "$W/b"
check "wasmc -o boxed --oci img.tar (both)" timeout "$T" "$WASMC" "$W/boxed.wasm" -o "$W/b/boxed" --oci="$W/b/img.tar"
if cmp "$W/a/img.tar" "$W/b/img.tar" > "$OUT/cmp.log" 2>&1; then result PASS "two builds give identical images"
else result FAIL "two builds give identical images" "$OUT/cmp.log"; fi
if [ -x "$W/b/boxed" ] && cmp "$W/b/boxed" "$ROOTFS/boxed" > "$OUT/cmp.log" 2>&1; then
  result PASS "-o's executable is the image's /boxed"
else result FAIL "-o's executable is the image's /boxed" "$OUT/cmp.log"; fi
check "-o names the entrypoint (-o server: Entrypoint /server, RepoTags server:latest)" bash -c '
  timeout "$3" "$1" "$2/boxed.wasm" -o "$2/b/server" --oci "$2/b/server.tar" &&
  python3 - "$2/b/server.tar" <<EOF
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
docker = json.load(t.extractfile("manifest.json"))
assert docker[0]["RepoTags"] == ["server:latest"], docker
config = json.load(t.extractfile(docker[0]["Config"]))
assert config["config"]["Entrypoint"] == ["/server"], config
EOF' _ "$WASMC" "$W" "$T"
check "SOURCE_DATE_EPOCH=1700000000 sets every time" bash -c '
  SOURCE_DATE_EPOCH=1700000000 timeout "$3" "$1" "$2/boxed.wasm" --oci "$2/b/sde.tar" &&
  ! cmp -s "$2/b/sde.tar" "$2/a/img.tar" &&
  TZ=UTC tar -tvf "$2/b/sde.tar" --full-time | grep -v "2023-11-14 22:13:20" | { ! grep .; } &&
  python3 - "$2/b/sde.tar" <<EOF
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
config = json.load(t.extractfile(json.load(t.extractfile("manifest.json"))[0]["Config"]))
assert config["created"] == "2023-11-14T22:13:20Z", config
EOF' _ "$WASMC" "$W" "$T"

# ---- 4. errors: exit 1, one message, no output --------------------------------
mkdir -p "$W/err/keepdir"
expect_error "--oci with --emit=obj" "--oci needs --emit=exe" "$WASMC" --emit=obj "$W/boxed.wasm" -o "$W/err/x.o" --oci "$W/err/x.tar"
expect_error "--oci into a missing directory" "cannot write OCI image '.*/nodir/x.tar'" \
  "$WASMC" "$W/boxed.wasm" --oci "$W/err/nodir/x.tar"
expect_error "--oci into a missing directory, with -o (no executable left)" "cannot write OCI image" \
  "$WASMC" "$W/boxed.wasm" -o "$W/err/x" --oci "$W/err/nodir/x.tar"
expect_error "--oci onto an existing directory (temporary archive removed)" "cannot write OCI image '.*/keepdir'" \
  "$WASMC" "$W/boxed.wasm" --oci "$W/err/keepdir"
if [ $ROOT = 1 ]; then result SKIP "--oci into a read-only directory (root ignores permissions)"
else
  mkdir -p "$W/ro"; chmod 555 "$W/ro"
  expect_error "--oci into a read-only directory" "cannot write OCI image '.*/ro/x.tar': Permission denied" \
    "$WASMC" "$W/boxed.wasm" --oci "$W/ro/x.tar"
  left=$(ls -A "$W/ro"); [ -z "$left" ] || result FAIL "--oci into a read-only directory (left behind: $left)"
  chmod 755 "$W/ro"
fi
expect_error "bad SOURCE_DATE_EPOCH" "SOURCE_DATE_EPOCH" env SOURCE_DATE_EPOCH=yesterday "$WASMC" "$W/boxed.wasm" --oci "$W/err/x.tar"
expect_error "--oci and -o the same file" "same file" "$WASMC" "$W/boxed.wasm" -o "$W/err/x" --oci "$W/err/x"
expect_error "--oci without a file name" "--oci needs a file name" "$WASMC" "$W/boxed.wasm" --oci

# ---- 5. the other architecture: validates, runs under qemu-user -----------------
RT_OTHER="$(dirname "$WASMC")/$OTHER_TRIPLE/libwasmc_rt.a"
V="WASMC_RT_LIB_$(tr a-z A-Z <<< "${OTHER_TRIPLE%%-*}")"
if [ ! -f "$RT_OTHER" ] && [ -z "${!V:-}" ]; then
  result SKIP "$OTHER_ARCH image (no $OTHER_TRIPLE runtime library: $RT_OTHER)"
else
  mkdir -p "$W/c"
  check "wasmc --target=$OTHER_TRIPLE --oci" timeout "$T" "$WASMC" --target="$OTHER_TRIPLE" "$W/boxed.wasm" --oci "$W/c/img.tar"
  check "$OTHER_ARCH: archive structure, digests, layer (python3)" validate "$W/c/img.tar" "$OTHER_ARCH" boxed
  unpack_checks "$W/c/img.tar" "$OTHER_ARCH" boxed "$W/c/u" "$OTHER_ARCH"
  if ! command -v "$OTHER_QEMU" > /dev/null; then result FAIL "$OTHER_ARCH: run under $OTHER_QEMU (not installed; scripts/setup.sh)"
  else
    expect_run "$OTHER_ARCH: $OTHER_QEMU rootfs/boxed a b (status 43)" 43 "hello from the box, argc=3 [a] [b]" \
      "$OTHER_QEMU" "$W/c/u/bundle/rootfs/boxed" a b
  fi
fi

finish
