#!/usr/bin/env bash
# Validates an OpenAPI document and generates tanso's API clients from it.
#
#   tools/clients/generate.sh SPEC OUT_DIR
#
# SPEC is a path to the document (e.g. openapi/openapi.json). Writes, replacing what was there:
#   OUT_DIR/python/tanso_client/      a Python client (openapi-python-client)
#   OUT_DIR/typescript/schema.d.ts    TypeScript types (openapi-typescript)
#
# The tools are installed at the versions pinned beside this script (requirements.txt,
# package.json + package-lock.json) into a venv and an npm prefix under
# ${TANSO_CLIENT_TOOLS:-${CARGO_TARGET_DIR:-target}/client-tools}, and reinstalled only when
# the pins change; nothing is installed globally. Needs python3 (3.11+, with venv) and npm.
#
# Any validation error, generator error or generator warning fails the run (non-zero exit)
# with the tool's own message: a spec that a generator only half understands is a failure.
set -euo pipefail

usage() {
    echo "usage: $0 SPEC OUT_DIR" >&2
    exit 2
}
[ "$#" -eq 2 ] || usage
spec=$1
out=$2
[ -f "$spec" ] || {
    echo "generate.sh: no such file: $spec" >&2
    exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tools=${TANSO_CLIENT_TOOLS:-${CARGO_TARGET_DIR:-$root/target}/client-tools}
mkdir -p "$tools" "$out"
tools=$(cd "$tools" && pwd)
spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
out=$(cd "$out" && pwd)

fail() {
    echo "generate.sh: $*" >&2
    exit 1
}

pins_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# --- Python tools: openapi-spec-validator, openapi-python-client (and what the test needs).
venv=$tools/venv
py_pins=$(pins_of "$here/requirements.txt")
if [ "$(cat "$venv/.pins" 2>/dev/null)" != "$py_pins" ]; then
    echo "generate.sh: installing the Python tools (tools/clients/requirements.txt) into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
        -r "$here/requirements.txt"
    echo "$py_pins" >"$venv/.pins"
fi

# --- npm tools: openapi-typescript, typescript.
npm_dir=$tools/npm
npm_pins=$(pins_of "$here/package.json" "$here/package-lock.json")
if [ "$(cat "$npm_dir/.pins" 2>/dev/null)" != "$npm_pins" ]; then
    echo "generate.sh: installing the npm tools (tools/clients/package-lock.json) into $npm_dir"
    command -v npm >/dev/null || fail "npm not found (on Debian: apt-get install nodejs npm)"
    rm -rf "$npm_dir"
    mkdir -p "$npm_dir"
    cp "$here/package.json" "$here/package-lock.json" "$npm_dir/"
    (cd "$npm_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    echo "$npm_pins" >"$npm_dir/.pins"
fi

# The generator runs ruff (installed in the venv) on its output.
export PATH="$venv/bin:$PATH"

echo "== validate $spec (openapi-spec-validator $("$venv/bin/pip" show openapi-spec-validator | sed -n 's/^Version: //p'))"
"$venv/bin/openapi-spec-validator" "$spec" || fail "the spec does not validate"

echo "== Python client (openapi-python-client $("$venv/bin/openapi-python-client" --version | awk '{print $NF}'))"
rm -rf "$out/python"
mkdir -p "$out/python"
log=$out/python-generator.log
py_status=0
"$venv/bin/openapi-python-client" generate --path "$spec" --config "$here/openapi-python-client.yaml" \
    --meta none --output-path "$out/python/tanso_client" --overwrite --fail-on-warning \
    >"$log" 2>&1 || py_status=$?
cat "$log"
# It exits 0 on some problems it only reports: anything it calls a warning or an error fails.
failed=()
if [ "$py_status" -ne 0 ] || grep -v '^Generating ' "$log" | grep -qiE 'warning|error|unable to'; then
    failed+=("openapi-python-client (exit $py_status; output above and in $log)")
elif [ ! -f "$out/python/tanso_client/client.py" ]; then
    failed+=("openapi-python-client (it wrote no client)")
fi

echo "== TypeScript types (openapi-typescript $("$npm_dir/node_modules/.bin/openapi-typescript" --version 2>/dev/null | awk '{print $NF}'))"
rm -rf "$out/typescript"
mkdir -p "$out/typescript"
log=$out/typescript-generator.log
ts_status=0
"$npm_dir/node_modules/.bin/openapi-typescript" "$spec" -o "$out/typescript/schema.d.ts" \
    >"$log" 2>&1 || ts_status=$?
cat "$log"
# Its own banner and result lines name the spec path; anything else warning-like fails.
if [ "$ts_status" -ne 0 ] || grep -v -e '✨' -e '🚀' "$log" | grep -qiE 'warn|error'; then
    failed+=("openapi-typescript (exit $ts_status; output above and in $log)")
elif [ ! -s "$out/typescript/schema.d.ts" ]; then
    failed+=("openapi-typescript (it wrote no types)")
fi

if [ "${#failed[@]}" -ne 0 ]; then
    printf 'generate.sh: FAILED on %s:\n' "$spec" >&2
    printf '  %s\n' "${failed[@]}" >&2
    exit 1
fi

echo "generate.sh: clients written to $out/python/tanso_client and $out/typescript/schema.d.ts"
