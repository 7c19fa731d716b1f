#!/bin/bash
# tests/build/run.sh WASMC OUTDIR
#
# `wasmc build` (docs/build.md):
#   - the Dockerfile syntax test (test-dockerfile next to WASMC: Docker's
#     documented rules for directives, continuations, substitution and
#     .dockerignore);
#   - the three examples/ (Lua application, SQLite shell with a database,
#     FROM a real OCI image layout made by umoci with multi-stage COPY
#     --from), each built with -o and with --oci: the executable's output must
#     equal the same program's under Node (node:wasi) with the same files laid
#     out by hand, and the OCI image, unpacked by umoci, runs alone in an
#     empty chroot with the same output; its config records ENV, LABEL,
#     EXPOSE, USER, ...;
#   - FROM the same base as an OCI archive and as a `docker save` archive
#     (skopeo), --build-arg, --target;
#   - errors: RUN, an unknown instruction, a missing file, a bad FROM, a
#     syntax error: exit 1, one message with the Dockerfile's path and line,
#     no output file, no temporary directory left.
# Prints PASS/FAIL/SKIP per case and, last, "N passed, N failed, N skipped".
# BUILD_OPT (default -O2) is the optimisation level of the compiles.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 WASMC OUTDIR" >&2; exit 2; }
WASMC=$1
case $WASMC in */*) WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC") ;; esac
OUT=$2; mkdir -p "$OUT" || exit 2; OUT=$(cd "$OUT" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
OPT=(${BUILD_OPT:--O2} -q)
NODE_RUN=(node "$repo/scripts/lib/node-wasi-run.mjs")
export NODE_NO_WARNINGS=1 # node:wasi's "experimental" line

pass=0 failn=0 skip=0
result() { # PASS|FAIL|SKIP name [detail-file]
  echo "$1 build/$2"
  case $1 in PASS) pass=$((pass + 1)) ;; SKIP) skip=$((skip + 1)) ;;
    *) failn=$((failn + 1)); [ -n "${3:-}" ] && [ -s "$3" ] && sed -n '1,15p' "$3" | sed 's/^/    /' ;; esac
}
finish() { echo "$pass passed, $failn failed, $skip skipped"; [ "$failn" -eq 0 ]; exit; }
same() { # name expected actual
  if [ -s "$2" ] && cmp -s "$2" "$3"; then result PASS "$1"
  else { echo "--- expected (node)"; cat "$2"; echo "--- actual"; cat "$3"; } > "$3.diff" 2>&1; result FAIL "$1" "$3.diff"; fi
}
check() { # name command... : PASS iff the command succeeds
  local name=$1 log="$OUT/check-$RANDOM.log"; shift
  if "$@" > "$log" 2>&1; then result PASS "$name"; else result FAIL "$name" "$log"; fi
}

missing=()
for t in node umoci skopeo python3 tar; do command -v "$t" > /dev/null || missing+=("$t"); done
if [ ${#missing[@]} -gt 0 ]; then result FAIL "prerequisites (missing: ${missing[*]}; run scripts/setup.sh)"; finish; fi
export TMPDIR="$OUT/tmp"
rm -rf "$TMPDIR" "$OUT/bin"; mkdir -p "$TMPDIR" "$OUT/bin"
ROOT=1; [ "$(id -u)" -eq 0 ] || ROOT=0
UMOCI=(umoci unpack); [ $ROOT = 1 ] || UMOCI+=(--rootless)
CHROOT=("$(command -v chroot)"); [ $ROOT = 1 ] || CHROOT=("$(command -v unshare)" -r chroot)

# ---- the syntax test ------------------------------------------------------------
td=$(dirname "$WASMC")/test-dockerfile
if [ -x "$td" ]; then
  if "$td" > "$OUT/syntax.log" 2>&1; then result PASS "Dockerfile syntax: $(tail -1 "$OUT/syntax.log")"
  else result FAIL "Dockerfile syntax (test-dockerfile)" "$OUT/syntax.log"; fi
else result FAIL "Dockerfile syntax: $td not built"; fi

# ---- the programs (tests/real/build.sh: Debian's Lua and SQLite, cached) ---------
if bash "$repo/tests/real/build.sh" > "$OUT/artifacts.txt" 2> "$OUT/real-build.log"; then
  # shellcheck disable=SC1090
  . <(sed 's/^\([a-z0-9_]*\)=\(.*\)$/\1="\2"/' "$OUT/artifacts.txt")
else
  result FAIL "build Lua and SQLite (tests/real/build.sh)" "$OUT/real-build.log"; finish
fi

# ctx NAME: a copy of examples/NAME to build from
ctx() { rm -rf "$OUT/$1"; cp -a "$repo/examples/$1" "$OUT/$1"; }
# build NAME LOG wasmc-build-args...: PASS/FAIL line, status of the build
build() {
  local name=$1 log=$2; shift 2
  if "$WASMC" build "${OPT[@]}" "$@" > "$log" 2>&1; then return 0; fi
  result FAIL "$name: wasmc build" "$log"; return 1
}
# oci_run NAME IMAGE EXPECTED ARGS...: umoci unpack, run in an empty chroot
oci_run() {
  local name=$1 img=$2 exp=$3 b="$OUT/bundle-$1"; shift 3
  rm -rf "$b" "$OUT/layout-$name"
  if ! skopeo --insecure-policy copy "oci-archive:$img" "oci:$OUT/layout-$name:latest" > "$b.log" 2>&1 ||
     ! "${UMOCI[@]}" --image "$OUT/layout-$name:latest" "$b" >> "$b.log" 2>&1; then
    result FAIL "$name: --oci image unpacks (skopeo + umoci)" "$b.log"; return
  fi
  local entry; entry=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["process"]["args"][0])' "$b/config.json")
  local n; n=$(find "$b/rootfs" -mindepth 1 | wc -l)
  if [ "$n" -eq 1 ]; then result PASS "$name: --oci rootfs holds only $entry"
  else find "$b/rootfs" > "$b.files"; result FAIL "$name: --oci rootfs holds only the executable" "$b.files"; fi
  if readelf -l "$b/rootfs$entry" 2> /dev/null | grep -q INTERP; then # a sanitizer build links dynamically
    result SKIP "$name: --oci image in an empty chroot (the executable is dynamically linked: sanitizer build)"
    return
  fi
  (cd / && env -i "${CHROOT[@]}" "$b/rootfs" "$entry" "$@") > "$b.out" 2>&1
  same "$name: --oci image in an empty chroot = node" "$exp" "$b.out"
}
# config_has NAME IMAGE PYTHON-EXPR: the image config (c = its "config") satisfies the expression
config_has() {
  local name=$1 img=$2 expr=$3 f="$OUT/config-$RANDOM.txt"
  python3 - "$img" "$expr" > "$f" 2>&1 <<'EOF'
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
blob = lambda d: json.load(t.extractfile("blobs/sha256/" + d.split(":")[1]))
idx = json.load(t.extractfile("index.json"))
man = blob(idx["manifests"][0]["digest"])
c = blob(man["config"]["digest"])["config"]
ok = eval(sys.argv[2])
print(json.dumps(c, indent=1))
sys.exit(0 if ok else 1)
EOF
  if [ $? -eq 0 ]; then result PASS "$name"; else result FAIL "$name" "$f"; fi
}

# ---- examples/lua-app -------------------------------------------------------------
ctx lua-app; L=$OUT/lua-app
cp "$lua_wasm" "$L/lua.wasm"
# the same files laid out by hand, as the Dockerfile and .dockerignore say
R=$OUT/lua-tree; rm -rf "$R"; mkdir -p "$R/usr/local/bin" "$R/srv/app/lib" "$R/srv/app/data"
cp "$lua_wasm" "$R/usr/local/bin/lua.wasm"
cp "$L/app/main.lua" "$R/srv/app/"; cp "$L/app/lib/wordcount.lua" "$R/srv/app/lib/"
cp "$L/data/poem.txt" "$L/data/fox.txt" "$L/data/secret-but-public.txt" "$R/srv/app/data/"
mkdir -p "$R/srv/app/notes"; cp "$L/app/notes/public.txt" "$R/srv/app/notes/"
lua_node() { # GREETING ARGS...
  local g=$1; shift
  (cd / && "${NODE_RUN[@]}" --dir "$R::/" --env APP_HOME=/srv/app --env 'LUA_PATH=/srv/app/lib/?.lua' \
    --env "APP_GREETING=$g, stranger" -- "$R/usr/local/bin/lua.wasm" /srv/app/main.lua "$@")
}
lua_node hello /srv/app/data/poem.txt > "$OUT/lua.node.out" 2>&1
lua_node hello /srv/app/data/fox.txt /srv/app/data/poem.txt > "$OUT/lua-args.node.out" 2>&1
lua_node hi /srv/app/data/poem.txt > "$OUT/lua-arg.node.out" 2>&1
if build lua-app "$OUT/lua.log" -o "$OUT/bin/lua-app" --oci "$OUT/lua-app.tar" --tag wordcount:1.0 "$L"; then
  "$OUT/bin/lua-app" > "$OUT/lua.out" 2>&1
  same "lua-app: ENTRYPOINT + CMD, ENV, COPY dir/glob, .dockerignore = node" "$OUT/lua.node.out" "$OUT/lua.out"
  "$OUT/bin/lua-app" /srv/app/data/fox.txt /srv/app/data/poem.txt > "$OUT/lua-args.out" 2>&1
  same "lua-app: arguments replace CMD = node" "$OUT/lua-args.node.out" "$OUT/lua-args.out"
  oci_run lua-app "$OUT/lua-app.tar" "$OUT/lua.node.out"
  config_has "lua-app: OCI config has ENV, LABEL, EXPOSE, WorkingDir, the tag" "$OUT/lua-app.tar" \
    '"APP_HOME=/srv/app" in c["Env"] and c["Labels"]["org.opencontainers.image.title"] == "lua-app" and "8080/tcp" in c["ExposedPorts"] and c["WorkingDir"] == "/srv/app" and idx["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"] == "1.0" and json.load(t.extractfile("manifest.json"))[0]["RepoTags"] == ["wordcount:1.0"]'
fi
if build lua-app-arg "$OUT/lua-arg.log" --build-arg GREETING=hi -o "$OUT/bin/lua-app-arg" "$L"; then
  "$OUT/bin/lua-app-arg" > "$OUT/lua-arg.out" 2>&1
  same "lua-app: --build-arg GREETING=hi reaches ENV = node" "$OUT/lua-arg.node.out" "$OUT/lua-arg.out"
fi

# ---- examples/sqlite-shell ---------------------------------------------------------
ctx sqlite-shell; S=$OUT/sqlite-shell
cp "$sqlite_wasm" "$S/sqlite3.wasm"
mkdir -p "$OUT/sq-db"; rm -f "$OUT/sq-db/inventory.db"
env -i "$sqlite_native" -batch "$OUT/sq-db/inventory.db" < "$S/schema.sql"
tar --format=posix -C "$OUT/sq-db" -czf "$S/inventory.tar.gz" inventory.db
R2=$OUT/sqlite-tree; rm -rf "$R2"; mkdir -p "$R2/usr/bin" "$R2/data"
cp "$sqlite_wasm" "$R2/usr/bin/"; cp "$OUT/sq-db/inventory.db" "$R2/data/"
sq_node() { cp "$OUT/sq-db/inventory.db" "$R2/data/"; (cd / && "${NODE_RUN[@]}" --dir "$R2::/" --env HOME=/nonexistent -- "$R2/usr/bin/sqlite3.wasm" "$@"); }
Q="SELECT name, qty FROM item ORDER BY qty DESC, name;"
W="INSERT INTO item VALUES ('kiwi', 99); UPDATE item SET qty = qty + 1; SELECT sum(qty), count(*) FROM item;"
sq_node -batch /data/inventory.db "$Q" > "$OUT/sq.node.out" 2>&1
sq_node -batch /data/inventory.db "$W" > "$OUT/sq-w.node.out" 2>&1
sq_node -batch /data/inventory.db "$Q" > "$OUT/sq-after.node.out" 2>&1
if build sqlite-shell "$OUT/sq.log" -o "$OUT/bin/sqlite-shell" --oci "$OUT/sqlite-shell.tar" "$S"; then
  "$OUT/bin/sqlite-shell" > "$OUT/sq.out" 2>&1
  same "sqlite-shell: shell-form CMD, ADD of a tar.gz, database in the image = node" "$OUT/sq.node.out" "$OUT/sq.out"
  "$OUT/bin/sqlite-shell" -batch /data/inventory.db "$W" > "$OUT/sq-w.out" 2>&1
  same "sqlite-shell: writes (overlay) = node" "$OUT/sq-w.node.out" "$OUT/sq-w.out"
  "$OUT/bin/sqlite-shell" > "$OUT/sq-after.out" 2>&1
  same "sqlite-shell: the image is unchanged by a run" "$OUT/sq-after.node.out" "$OUT/sq-after.out"
  oci_run sqlite-shell "$OUT/sqlite-shell.tar" "$OUT/sq.node.out"
fi

# ---- examples/oci-base: FROM an OCI image layout made by umoci -------------------
ctx oci-base; B=$OUT/oci-base
BASEUTIL='local M = {}\nfunction M.banner(s) return "== " .. s .. " (from the base image) ==" end\nreturn M\n'
make_base() { # two layers: lua.wasm, a library, /etc files; then one file removed (a whiteout) and one changed
  local r="$OUT/base-bundle/rootfs"
  rm -rf "$OUT/base-bundle" "$B/base-image"
  umoci init --layout "$B/base-image" && umoci new --image "$B/base-image:latest" &&
    "${UMOCI[@]}" --image "$B/base-image:latest" "$OUT/base-bundle" || return 1
  mkdir -p "$r/usr/bin" "$r/usr/share/lua/5.4" "$r/etc" && cp "$lua_wasm" "$r/usr/bin/lua.wasm" || return 1
  printf "$BASEUTIL" > "$r/usr/share/lua/5.4/baseutil.lua"
  printf 'base 1.0\n' > "$r/etc/base-release"; printf 'gone\n' > "$r/etc/removed-in-layer-2"
  umoci repack --image "$B/base-image:latest" "$OUT/base-bundle" && rm -rf "$OUT/base-bundle" &&
    "${UMOCI[@]}" --image "$B/base-image:latest" "$OUT/base-bundle" || return 1
  rm "$r/etc/removed-in-layer-2" && printf 'base 1.1\n' > "$r/etc/base-release" &&
    umoci repack --image "$B/base-image:latest" "$OUT/base-bundle" &&
    umoci config --image "$B/base-image:latest" --config.env=BASE_ENV=from-base --config.workingdir=/ &&
    umoci gc --layout "$B/base-image" && rm -rf "$OUT/base-bundle" &&
    skopeo --insecure-policy copy "oci:$B/base-image:latest" "oci-archive:$B/base-image.tar" &&
    skopeo --insecure-policy copy "oci:$B/base-image:latest" "docker-archive:$B/base-docker.tar:base:latest"
}
base_ok=1
make_base > "$OUT/base.log" 2>&1 || base_ok=0
if [ $base_ok = 1 ]; then
  nl=$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]+"/index.json")); print(len(json.load(open(sys.argv[1]+"/blobs/sha256/"+i["manifests"][0]["digest"][7:]))["layers"]))' "$B/base-image")
  if [ "$nl" -ge 2 ]; then result PASS "oci-base: umoci base image has $nl layers (the second with a whiteout)"
  else result FAIL "oci-base: umoci base image has 2 layers (got $nl)"; fi
  R3=$OUT/oci-tree; rm -rf "$R3"; mkdir -p "$R3/usr/bin" "$R3/usr/share/lua/5.4" "$R3/etc" "$R3/opt/report/bin"
  cp "$lua_wasm" "$R3/usr/bin/lua.wasm"
  printf "$BASEUTIL" > "$R3/usr/share/lua/5.4/baseutil.lua"
  printf 'base 1.1\n' > "$R3/etc/base-release"
  cp "$B/app/report.lua" "$R3/opt/report/"; cp "$B/app/report.lua" "$R3/opt/report/bin/"
  oci_node() { (cd / && "${NODE_RUN[@]}" --dir "$R3::/" --env BASE_ENV=from-base \
    --env 'LUA_PATH=/usr/share/lua/5.4/?.lua;/opt/report/?.lua' -- "$R3/usr/bin/lua.wasm" /opt/report/report.lua "$@"); }
  oci_node alpha beta > "$OUT/oci.node.out" 2>&1
  oci_node x > "$OUT/oci-x.node.out" 2>&1
  if build oci-base "$OUT/oci.log" -o "$OUT/bin/oci-app" --oci "$OUT/oci-app.tar" "$B"; then
    "$OUT/bin/oci-app" > "$OUT/oci.out" 2>&1
    same "oci-base: FROM an OCI layout (layers, whiteout) + COPY --from = node" "$OUT/oci.node.out" "$OUT/oci.out"
    "$OUT/bin/oci-app" x > "$OUT/oci-x.out" 2>&1
    same "oci-base: arguments replace CMD = node" "$OUT/oci-x.node.out" "$OUT/oci-x.out"
    oci_run oci-base "$OUT/oci-app.tar" "$OUT/oci.node.out"
    config_has "oci-base: OCI config has USER, STOPSIGNAL, VOLUME, HEALTHCHECK, the base's ENV" "$OUT/oci-app.tar" \
      'c["User"] == "1000:1000" and c["StopSignal"] == "SIGINT" and "/var/lib/report" in c["Volumes"] and c["Healthcheck"]["Test"][0] == "CMD-SHELL" and "BASE_ENV=from-base" in c["Env"]'
  fi
  for k in base-image.tar base-docker.tar; do
    what="an OCI archive"; [ $k = base-docker.tar ] && what="a docker-save archive"
    if build "oci-base FROM $k" "$OUT/oci-$k.log" --build-arg "BASE=./$k" -o "$OUT/bin/oci-app-$k" "$B"; then
      "$OUT/bin/oci-app-$k" > "$OUT/oci-$k.out" 2>&1
      same "oci-base: FROM $what (--build-arg BASE=./$k) = node" \
        "$OUT/oci.node.out" "$OUT/oci-$k.out"
    fi
  done
  if "$WASMC" build -q --target=assets -o "$OUT/bin/oci-target" "$B" > "$OUT/oci-target.log" 2>&1; then
    result FAIL "oci-base: --target=assets (no ENTRYPOINT) refused" "$OUT/oci-target.log"
  elif grep -q "neither ENTRYPOINT nor CMD" "$OUT/oci-target.log" && [ ! -e "$OUT/bin/oci-target" ]; then
    result PASS "oci-base: --target=assets stops at that stage (no ENTRYPOINT there: refused)"
  else result FAIL "oci-base: --target=assets" "$OUT/oci-target.log"; fi
else
  result FAIL "oci-base: make the base image with umoci" "$OUT/base.log"
fi

# ---- whiteouts: a hand-made OCI layout (python3: tarfile, hashlib) ----------------------
# layer 1: /d/a /d/b /keep /gone/x; layer 2: /d/.wh..wh..opq (an opaque directory) + /d/c,
# /.wh.keep and /.wh.gone (plain whiteouts of a file and of a directory)
W=$OUT/whiteout; rm -rf "$W"; mkdir -p "$W"; cp "$lua_wasm" "$W/lua.wasm"
if python3 - "$W/layout" > "$OUT/whiteout-make.log" 2>&1 <<'EOF'
import gzip, hashlib, io, json, os, sys, tarfile
out = sys.argv[1]; os.makedirs(out + "/blobs/sha256")
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open(out + "/blobs/sha256/" + d, "wb").write(data)
    return "sha256:" + d, len(data)
def layer(files):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, content in files:
            ti = tarfile.TarInfo(name)
            if content is None: ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            else: ti.size = len(content); ti.mode = 0o644; t.addfile(ti, io.BytesIO(content))
    diff = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
    d, n = blob(gzip.compress(raw.getvalue(), mtime=0))
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": n}, diff
l1, d1 = layer([("d", None), ("d/a", b"a\n"), ("d/b", b"b\n"), ("keep", b"k\n"), ("gone", None), ("gone/x", b"x\n")])
l2, d2 = layer([("d", None), ("d/.wh..wh..opq", b""), ("d/c", b"c\n"), (".wh.keep", b""), (".wh.gone", b"")])
cfg = {"architecture": "amd64", "os": "linux", "config": {"Env": ["FROM_LAYOUT=yes"]},
       "rootfs": {"type": "layers", "diff_ids": [d1, d2]}}
cd, cn = blob(json.dumps(cfg).encode())
man = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cn},
       "layers": [l1, l2]}
md, mn = blob(json.dumps(man).encode())
json.dump({"imageLayoutVersion": "1.0.0"}, open(out + "/oci-layout", "w"))
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
           "digest": md, "size": mn}]}, open(out + "/index.json", "w"))
EOF
then
  cat > "$W/Dockerfile" <<'EOF'
FROM ./layout
COPY lua.wasm /bin/
COPY --chmod=200 lua.wasm /bin/write-only.wasm
ENTRYPOINT ["lua", "-e", "for _, p in ipairs({'/d/a', '/d/b', '/d/c', '/keep', '/gone/x'}) do local f = io.open(p); print(p, f and 'present' or 'absent') end print(os.getenv('FROM_LAYOUT')) print(io.open('/bin/write-only.wasm') and 'readable' or 'unreadable (--chmod=200)')"]
EOF
  printf '/d/a\tabsent\n/d/b\tabsent\n/d/c\tpresent\n/keep\tabsent\n/gone/x\tabsent\nyes\nunreadable (--chmod=200)\n' > "$OUT/whiteout.expected"
  if build whiteout "$OUT/whiteout.log" -o "$OUT/bin/whiteout" "$W"; then
    "$OUT/bin/whiteout" > "$OUT/whiteout.out" 2>&1
    same "FROM a layout: opaque directory, file and directory whiteouts, the config's ENV; COPY --chmod" "$OUT/whiteout.expected" "$OUT/whiteout.out"
  fi
  # a blob that does not match its digest is refused
  for f in "$W"/layout/blobs/sha256/*; do
    if gzip -t "$f" 2> /dev/null; then printf 'x' >> "$f"; break; fi
  done
  if "$WASMC" build -q -o "$OUT/bin/whiteout-bad" "$W" > "$OUT/whiteout-bad.log" 2>&1; then
    result FAIL "FROM a layout with a damaged blob is refused" "$OUT/whiteout-bad.log"
  elif grep -q "does not match its digest" "$OUT/whiteout-bad.log" && [ ! -e "$OUT/bin/whiteout-bad" ]; then
    result PASS "FROM a layout with a damaged blob is refused (digest)"
  else result FAIL "FROM a layout with a damaged blob" "$OUT/whiteout-bad.log"; fi
else result FAIL "make a layout with whiteouts (python3)" "$OUT/whiteout-make.log"; fi

# ---- errors: one message with the Dockerfile's path and line, no output ----------------
E=$OUT/err; rm -rf "$E"; mkdir -p "$E"; cp "$lua_wasm" "$E/lua.wasm"
bad() { # name expected-message-part Dockerfile-text
  printf '%s' "$3" > "$E/Dockerfile"
  rm -f "$OUT/err.exe" "$OUT/err.tar"
  "$WASMC" build -q -o "$OUT/err.exe" --oci "$OUT/err.tar" "$E" > "$OUT/err.out" 2>&1
  local st=$? lines; lines=$(wc -l < "$OUT/err.out")
  if [ $st -eq 1 ] && [ "$lines" -eq 1 ] && grep -qF -- "$2" "$OUT/err.out" && [ ! -e "$OUT/err.exe" ] && [ ! -e "$OUT/err.tar" ]; then
    result PASS "error: $1"
  else
    echo "status $st, $lines lines" >> "$OUT/err.out"; result FAIL "error: $1 (want '$2')" "$OUT/err.out"
  fi
}
bad "RUN" "$E/Dockerfile:3: RUN cannot be built" $'FROM scratch\nCOPY lua.wasm /\nRUN make\nENTRYPOINT ["/lua.wasm"]\n'
bad "unknown instruction" "$E/Dockerfile:2: unknown instruction 'FROBNICATE'" $'FROM scratch\nFROBNICATE x\n'
bad "missing file" "$E/Dockerfile:2: COPY source 'nope.txt' not found" $'FROM scratch\nCOPY nope.txt /\n'
bad "bad FROM" "$E/Dockerfile:1: bad FROM 'debian:12'" $'FROM debian:12\n'
bad "syntax: unterminated quote" "$E/Dockerfile:3: unterminated double quote" $'FROM scratch\n\nENV A="x\n'
bad "syntax: bad escape directive" "$E/Dockerfile:1: invalid escape token" $'# escape=x\nFROM scratch\n'
bad "syntax: \${} modifier" "$E/Dockerfile:2: unsupported substitution modifier" $'FROM scratch\nENV A=${B:?no}\n'
bad "shell operator in CMD" "$E/Dockerfile:3: CMD: shell form with '|'" $'FROM scratch\nCOPY lua.wasm /\nCMD lua.wasm | cat\n'
bad "no ENTRYPOINT or CMD" "neither ENTRYPOINT nor CMD" $'FROM scratch\nCOPY lua.wasm /\n'
bad "COPY to an empty destination" "$E/Dockerfile:2: COPY: empty destination" $'FROM scratch\nCOPY ["lua.wasm", ""]\n'
bad "COPY of an empty source" "$E/Dockerfile:2: COPY: empty source" $'FROM scratch\nCOPY ["", "/x"]\n'
bad "ONBUILD" "$E/Dockerfile:2: ONBUILD is not supported" $'FROM scratch\nONBUILD COPY a b\n'
bad "COPY --from unknown stage" "$E/Dockerfile:2: COPY --from=nowhere" $'FROM scratch\nCOPY --from=nowhere /a /b\n'
bad "instruction before FROM" "$E/Dockerfile:1: ENV before the first FROM" $'ENV A=1\nFROM scratch\n'
bad "not wasm" "$E/Dockerfile:3: the program '/app.wasm' is not a WebAssembly module" $'FROM scratch\nCOPY Dockerfile /app.wasm\nENTRYPOINT ["/app.wasm"]\n'
bad "program not found" "$E/Dockerfile:2: the program 'nothere' (the first word" $'FROM scratch\nCMD ["nothere", "x"]\n'
left=$(find "$TMPDIR" -mindepth 1 | wc -l)
if [ "$left" -eq 0 ]; then result PASS "no temporary file or directory left"
else find "$TMPDIR" > "$OUT/left.txt"; result FAIL "no temporary file left" "$OUT/left.txt"; fi
finish
