#!/usr/bin/env bash
# End-to-end run against a real DFIR-IRIS, for maintainers (not part of CI: CI has no copy of
# iris-web). Either IRIS line: v2.4.20, or iris-web's branch `develop` (the next line, 2.5). No
# Docker: IRIS's app (gunicorn) and worker (Celery) started as IRIS's own entrypoint starts them,
# on the CPython of IRIS's image, with Debian's PostgreSQL and RabbitMQ on loopback.
#
#   tests/iris-e2e/run.sh IRIS_WEB_DIR SPLUNK_HEC_DIR
#
# IRIS_WEB_DIR    a checkout of github:dfir-iris/iris-web at tag v2.4.20 or on branch develop; the
#                 line is read from the tree (v2.4 has `class IocLink` in app/models/models.py,
#                 develop has not; develop's configuration.py still says v2.4.18):
#                   v2.4.20  CPython 3.9,  gunicorn's eventlet worker
#                   develop  CPython 3.12, gunicorn's gthread worker (100 threads, 1 process)
# SPLUNK_HEC_DIR  a copy of github:georgestarcher/Splunk-Class-httpevent (IRIS's evtx2splunk needs
#                 it as `splunk-hec`, a git dependency pip cannot fetch offline)
#
# Logs: E2E_WORK/app.log and E2E_WORK/worker.log.
# Environment: E2E_WORK (work folder, default target/iris-e2e), E2E_WHEELS (the example wheels,
# default target/ci-wheels, as .ci/python.sh builds them), PYTHON39 and PYTHON312 (default:
# pyenv's 3.9 and 3.12), E2E_PG_PORT, E2E_AMQP_PORT (3 ports from it), E2E_APP_PORT, E2E_HOOK_PORT
# (webhooks_checks.py's receiver) and E2E_MISP_PORT (misp_checks.py's loopback MISP, 58200).
#
# What it does:
# 1. a venv (E2E_WORK/venv-LINE) with IRIS's requirements (its bundled Python modules included);
# 2. PostgreSQL and RabbitMQ (.ci/services.sh), IRIS's first boot (which registers IRIS's own
#    Python iris_vt_module 1.2.1, disabled), its VT key saved by the administrator;
# 3. the example wheels installed over it (IrisVT is a drop-in for iris_vt_module: an upgrade in
#    place from IRIS's Python module), IRIS restarted;
# 4. check.py drives IRIS's HTTP API with the administrator's API key and checks each result in
#    IRIS's database; its summary is the run's output (IRIS's Python iris_webhooks_module 1.0.8 is
#    configured before the upgrade and replaced by the drop-in: webhooks_checks.py, which also
#    compares what the drop-in sends in template mode with IRIS's own schemas' dumps, made by
#    dump_objects.py in IRIS's app context; IRIS's Python iris_misp_module 1.3.0 likewise, with
#    its MISP instance list and key, against a loopback MISP: misp_checks.py);
# 5. IRIS restarted, and what a saved configuration removed checked again (--after-restart).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
iris_web=$(cd "${1:?usage: run.sh IRIS_WEB_DIR SPLUNK_HEC_DIR}" && pwd)
splunk_hec=$(cd "${2:?usage: run.sh IRIS_WEB_DIR SPLUNK_HEC_DIR}" && pwd)
work=${E2E_WORK:-$root/target/iris-e2e}
wheels=${E2E_WHEELS:-$root/target/ci-wheels}
pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
if grep -q '^class IocLink' "$iris_web/source/app/models/models.py"; then
    line=v2.4
    grep -q 'IRIS_VERSION = "v2.4.20"' "$iris_web/source/app/configuration.py" || {
        echo "$iris_web is of IRIS's v2.4 line but not v2.4.20" >&2; exit 2; }
    python=${PYTHON39:-$(ls "$pyenv_root"/versions/3.9*/bin/python3.9 | head -n 1)}
    # docker/webApp/iris-entrypoint.sh at v2.4.20
    worker=(--worker-class eventlet --timeout 180 --worker-connections 1000)
else
    # develop: IocLink gone (an IOC has its case_id), `app.models` re-exports nothing
    line=develop
    grep -q 'FROM python:3.12' "$iris_web/docker/webApp/Dockerfile" || {
        echo "$iris_web is neither iris-web v2.4.20 nor develop (its image is not on Python 3.12)" >&2; exit 2; }
    python=${PYTHON312:-$(ls "$pyenv_root"/versions/3.12*/bin/python3.12 | sort -V | tail -n 1)}
    # docker/webApp/iris-entrypoint.sh on develop (no worker class: --threads makes it gthread)
    worker=(--timeout 180 --worker-connections 1000 --threads 100 -w 1)
fi
echo "== iris-web $line ($(grep -o 'IRIS_VERSION = "[^"]*"' "$iris_web/source/app/configuration.py")) on $("$python" --version)"
ls "$wheels"/iris_refang_module-*.whl "$wheels"/iris_vt_module-*.whl "$wheels"/iris_evtx_module-*.whl \
    "$wheels"/iris_webhooks_module-*.whl "$wheels"/iris_misp_module-*.whl >/dev/null

mkdir -p "$work"
venv=$work/venv-$line
if [ ! -x "$venv/bin/gunicorn" ]; then
    echo "== IRIS's requirements on $("$python" --version)"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q "$splunk_hec"
    # evtx2splunk names splunk-hec by git URL: it and IRIS's iris_evtx go in without resolving it.
    grep -v 'evtx2splunk\|iris_evtx' "$iris_web/source/requirements.txt" >"$work/requirements.txt"
    (cd "$iris_web/source" && "$venv/bin/pip" install -q -r "$work/requirements.txt")
    (cd "$iris_web/source" && "$venv/bin/pip" install -q --no-deps \
        $(grep 'evtx2splunk\|iris_evtx' requirements.txt))
    "$venv/bin/pip" install -q certifi chardet==4.0.0 idna==3.3 python-dotenv semantic-version==2.8.5
fi
# IRIS's own Python iris_vt_module, iris_webhooks_module and iris_misp_module, as IRIS ships them
# (step 3 replaces them; a venv kept from an earlier run holds the drop-ins).
(cd "$iris_web/source" && "$venv/bin/pip" install -q --force-reinstall --no-deps \
    $(grep "iris_vt_module\|iris_webhooks_module\|iris_misp_module" requirements.txt))

services=$work/services
export IRIS_TEST_PG_PORT=${E2E_PG_PORT:-56432} IRIS_TEST_AMQP_PORT=${E2E_AMQP_PORT:-56672}
pids=()
stop_iris() {
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
cleanup() {
    stop_iris
    bash "$root/.ci/services.sh" stop "$services"
}
trap cleanup EXIT
bash "$root/.ci/services.sh" start "$services"

data=$work/data
rm -rf "$data"
mkdir -p "$data"/{uploads,templates,backup,assets,datastore,ndjson}
export POSTGRES_USER=postgres POSTGRES_PASSWORD=unused-trust-auth POSTGRES_ADMIN_USER=postgres
export POSTGRES_ADMIN_PASSWORD=unused-trust-auth POSTGRES_SERVER=127.0.0.1 POSTGRES_PORT=$IRIS_TEST_PG_PORT
export CELERY_BROKER=amqp://guest:guest@127.0.0.1:$IRIS_TEST_AMQP_PORT//
export IRIS_SECRET_KEY=e2e-secret-key-$RANDOM$RANDOM IRIS_SECURITY_PASSWORD_SALT=e2e-salt-$RANDOM
export IRIS_ADM_USERNAME=administrator IRIS_ADM_EMAIL=admin@example.org IRIS_ADM_PASSWORD=E2e-Passw0rd!-long
export IRIS_ADM_API_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export IRIS_UPLOADED_PATH=$data/uploads IRIS_TEMPLATES_PATH=$data/templates IRIS_BACKUP_PATH=$data/backup
export IRIS_ASSET_STORE_PATH=$data/assets IRIS_DATASTORE_PATH=$data/datastore
export IRIS_URL=http://127.0.0.1:${E2E_APP_PORT:-58000} E2E_NDJSON=$data/ndjson
export E2E_STATE=$work E2E_LOGS=$work/app.log:$work/worker.log E2E_IRIS_SOURCE=$iris_web/source
export E2E_DATABASE=postgresql://postgres@127.0.0.1:$IRIS_TEST_PG_PORT
export PATH=$venv/bin:$PATH
unset IRIS_WORKER

start_iris() {
    # As docker/webApp/iris-entrypoint.sh starts them, bound to loopback.
    (cd "$iris_web/source" && exec setsid gunicorn app:app --bind "${IRIS_URL#http://}" "${worker[@]}" \
        --log-level=info >>"$work/app.log" 2>&1) &
    pids+=($!)
    "$venv/bin/python" "$here/check.py" --wait-for-app
    local ready
    ready=$(grep -c ' ready.$' "$work/worker.log" || true)
    (cd "$iris_web/source" && exec setsid celery -A app.celery worker -E -B -l INFO >>"$work/worker.log" 2>&1) &
    pids+=($!)
    for _ in $(seq 300); do
        [ "$(grep -c ' ready.$' "$work/worker.log" || true)" -gt "$ready" ] && return 0
        sleep 1
    done
    echo "IRIS's worker did not start; see $work/worker.log" >&2
    return 1
}

echo "== first boot of IRIS (its own Python iris_vt_module registered), the VT key saved"
: >"$work/app.log"
: >"$work/worker.log"
start_iris
"$venv/bin/python" "$here/check.py" --before-upgrade
stop_iris

echo "== the example wheels installed over it; IRIS restarted"
"$venv/bin/pip" install -q --force-reinstall --no-deps "$wheels"/iris_refang_module-*.whl \
    "$wheels"/iris_vt_module-*.whl "$wheels"/iris_evtx_module-*.whl "$wheels"/iris_webhooks_module-*.whl \
    "$wheels"/iris_misp_module-*.whl
start_iris
status=0
"$venv/bin/python" "$here/check.py" --examples "$root/examples" || status=$?

echo "== IRIS restarted: what a saved configuration removed stays removed"
stop_iris
start_iris
"$venv/bin/python" "$here/check.py" --after-restart || status=$?
exit "$status"
