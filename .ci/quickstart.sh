#!/usr/bin/env bash
# The README's Quickstart, checked as a newcomer would use it: its `Cargo.toml`, `src/lib.rs` and
# `tests/reputation.rs` blocks (each after a `<!-- quickstart: PATH -->` marker) written into a
# new crate outside the workspace, which must build and pass its test. The dependency path is the
# only change: it points at this checkout's iris-module-core.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
crate=$root/target/quickstart/iris-reputation-module
rm -rf "$crate"
mkdir -p "$crate"
python3 - "$root/README.md" "$crate" "$root/iris-module-core" <<'PY'
import os, re, sys
readme, crate, core = sys.argv[1:]
text = open(readme).read()
blocks = re.findall(r"<!-- quickstart: (\S+) -->\n```[^\n]*\n(.*?)```", text, re.S)
assert [path for path, _ in blocks] == ["Cargo.toml", "src/lib.rs", "tests/reputation.rs"], blocks
for path, body in blocks:
    if path == "Cargo.toml":
        body = body.replace('path = "../iris-module/iris-module-core"', f'path = "{core}"')
        body += "\n[workspace]\n"  # a crate of its own, not a member of this workspace
    os.makedirs(os.path.dirname(os.path.join(crate, path)) or crate, exist_ok=True)
    with open(os.path.join(crate, path), "w") as f:
        f.write(body)
PY
echo "== the README's Quickstart, as a crate of its own: cargo test"
(cd "$crate" && CARGO_TARGET_DIR="$root/target/quickstart/target" cargo test --quiet)
