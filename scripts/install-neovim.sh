#!/usr/bin/env bash
# Debian's Neovim, for the language-server test (test/lsp) that drives `rlr lsp --stdio`
# from Neovim's built-in LSP client, headless: a client that no one here wrote.
# Idempotent: does nothing when `nvim` is on the PATH; otherwise updates the package
# lists once and installs the one package.
set -euo pipefail

if command -v nvim >/dev/null 2>&1; then
  echo "neovim present: $(nvim --version | head -n 1)"
  exit 0
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends neovim

if ! command -v nvim >/dev/null 2>&1; then
  echo "neovim installed but nvim is not on the PATH" >&2
  exit 1
fi
echo "installed: $(nvim --version | head -n 1)"
