#!/usr/bin/env bash
# `cargo iris new` for both kinds of module, then each generated crate checked as its author would
# (fmt, clippy, its own tests) against this workspace's iris-module-core, and run through
# `cargo iris describe` and `cargo iris run` / `cargo iris pipeline`.
set -euo pipefail
cd "$(dirname "$0")/.."

generated="$PWD/target/ci-generated"
rm -rf "$generated/iris-watch-module" "$generated/iris-count-module"
mkdir -p "$generated"
cargo build --quiet -p cargo-iris
iris="$PWD/target/debug/cargo-iris"
export CARGO_TARGET_DIR="$generated/target"

"$iris" iris new iris-watch-module --path "$generated/iris-watch-module" --kind processor \
    --no-input --core-path iris-module-core
"$iris" iris new iris-count-module --path "$generated/iris-count-module" --kind pipeline \
    --license Apache-2.0 --organization "ACME CERT" --no-input --core-path iris-module-core

for crate in iris-watch-module iris-count-module; do
    echo "== $crate: fmt, clippy, tests, describe"
    (cd "$generated/$crate" && cargo fmt --check && cargo clippy --quiet --all-targets -- -D warnings \
        && cargo test --quiet && "$iris" iris describe)
done

echo "== cargo iris run / pipeline on the generated modules, as their READMEs say, on their fixtures"
readme_command() {  # the `cargo iris <verb> ...` line of a generated README, for this tool
    grep "^cargo iris $2 " "$generated/$1/README.md" | sed 's/^cargo //'
}
(cd "$generated/iris-watch-module" && "$iris" $(readme_command iris-watch-module run) | tee "$generated/run.txt")
grep -q 'ioc_tags: "phishing" -> "phishing,watch:watchlist"' "$generated/run.txt"
grep -q "^added to the case:" "$generated/run.txt"
(cd "$generated/iris-count-module" && "$iris" $(readme_command iris-count-module pipeline) | tee "$generated/pipeline.txt")
grep -q '\[triage\] sample.log: 2 lines' "$generated/pipeline.txt"

echo "== cargo iris run with a misspelt hook: an error with the hook meant"
if (cd "$generated/iris-watch-module" && "$iris" $(readme_command iris-watch-module run | sed 's/on_postload_ioc_create/on_postload_ioc_creat/') > "$generated/typo.txt" 2>&1); then
    echo "cargo iris run accepted a misspelt hook" >&2; exit 1
fi
grep -q 'is not an IRIS hook; did you mean `on_postload_ioc_create`?' "$generated/typo.txt" || { cat "$generated/typo.txt"; exit 1; }
