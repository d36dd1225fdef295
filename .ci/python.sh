#!/usr/bin/env bash
# The Python half of CI: build the example modules' wheels (one abi3 wheel each, manylinux2014),
# install them into fresh venvs on CPython 3.9 (IRIS's image) and 3.11 with what the strict test
# IRIS needs (IRIS's pins of Flask, Flask-SQLAlchemy, SQLAlchemy, celery...), start IRIS's
# services on loopback (PostgreSQL, RabbitMQ: .ci/services.sh), run the tests against the test
# IRIS and its Celery worker, then a short benchmark; the services are stopped on the way out.
set -euo pipefail
cd "$(dirname "$0")/.."

venvs=target/ci-venvs
wheels=target/ci-wheels
rm -rf "$wheels"

py311=$(command -v python3.11 || command -v python3)
pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
py39=$(ls "$pyenv_root"/versions/3.9*/bin/python3.9 2>/dev/null | head -n 1 || true)
if [ -z "$py39" ]; then
    echo "CPython 3.9 (IRIS's runtime) is not installed under $pyenv_root" >&2
    exit 1
fi

for pair in "py311:$py311" "py39:$py39"; do
    name=${pair%%:*}
    python=${pair#*:}
    if [ ! -x "$venvs/$name/bin/python" ]; then
        "$python" -m venv "$venvs/$name"
    fi
    "$venvs/$name/bin/python" -m pip install -q --upgrade pip
    "$venvs/$name/bin/python" -m pip install -q -r tests/python/requirements.txt
done
"$venvs/py311/bin/python" -m pip install -q maturin==1.16.0 ziglang==0.17.1

echo "== wheels"
for crate in examples/minimal-processor examples/evtx-pipeline examples/vt-enrichment tests/python/fixture tests/python/pipeline_fixture tests/python/case_fixture; do
    PATH="$PWD/$venvs/py311/bin:$PATH" maturin build --release --zig --compatibility manylinux2014 \
        -m "$crate/Cargo.toml" -o "$wheels"
done
echo "== cargo iris build: the generated processor's wheel (from .ci/generated.sh)"
rm -rf target/ci-generated/target/wheels
PATH="$PWD/$venvs/py311/bin:$PATH" CARGO_TARGET_DIR="$PWD/target/ci-generated/target" \
    target/debug/cargo-iris iris build --manifest-path target/ci-generated/iris-watch-module/Cargo.toml
cp target/ci-generated/target/wheels/iris_watch_module-*.whl "$wheels"/
ls -l "$wheels"
for wheel in "$wheels"/*.whl; do
    case "$wheel" in
        *-cp39-abi3-*manylinux_2_17_x86_64.whl) ;;
        *) echo "unexpected wheel tag: $wheel (want cp39-abi3, manylinux_2_17)" >&2; exit 1 ;;
    esac
done

echo "== IRIS's services (PostgreSQL, RabbitMQ) on loopback"
services=$(mktemp -d /tmp/iris-services.XXXXXX)
trap 'bash .ci/services.sh stop "$services"; rm -rf "$services"' EXIT
bash .ci/services.sh start "$services"
# shellcheck disable=SC1091
. "$services/env"

for name in py39 py311; do
    echo "== tests against the strict test IRIS on $("$venvs/$name/bin/python" --version)"
    "$venvs/$name/bin/python" -m pip install -q --force-reinstall --no-deps "$wheels"/*.whl
    worker_log="$PWD/target/ci-worker-$name.log"
    tests_log="$PWD/target/ci-pytest-$name.log"
    # Uncaptured (-s), so that the fault tests' `faults:` lines reach the log; shown with the summary.
    if ! (cd tests/python && IRIS_TEST_WORKER_LOG="$worker_log" "../../$venvs/$name/bin/python" -m pytest -q -s -p no:cacheprovider) >"$tests_log" 2>&1; then
        tail -n 200 "$tests_log"
        echo "== the test IRIS worker's log (last lines)"
        tail -n 80 "$worker_log" || true
        exit 1
    fi
    grep -oE 'faults: .*' "$tests_log" || true
    tail -n 1 "$tests_log"
done

echo "== benchmark: Rust wheel against the pure-Python DIM (short run)"
(cd tests/python && "../../$venvs/py311/bin/python" bench_wheel.py --rounds 3)
