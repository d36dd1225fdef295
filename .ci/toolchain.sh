#!/usr/bin/env bash
# The toolchain rust-toolchain.toml names, before any cargo call: already installed, or the
# installed stable when it is that version (put under the pinned name, no download: rustup's
# `toolchain link` refuses official names, so the link is made in rustup's folder), or installed
# by rustup.
set -euo pipefail
cd "$(dirname "$0")/.."

pinned=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
if rustup toolchain list | grep -q "^$pinned-"; then
    exit 0
fi
stable=$(rustup run stable rustc --version 2>/dev/null | awk '{print $2}' || true)
if [ "$stable" = "$pinned" ]; then
    host=$(rustup run stable rustc -vV | sed -n 's/^host: //p')
    ln -s "$(rustup run stable rustc --print sysroot)" "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$pinned-$host"
    echo "the installed stable $stable serves as toolchain $pinned"
else
    rustup toolchain install "$pinned" --profile minimal --component rustfmt,clippy
fi
