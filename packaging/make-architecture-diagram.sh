#!/usr/bin/env bash
# Renders the architecture picture docs/architecture.dot (Graphviz) into
# docs/architecture.svg, which docs/architecture.md embeds. Run it after
# editing the .dot and commit both files. Installs Debian's graphviz package
# (for `dot`) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dot >/dev/null 2>&1; then
  echo "make-architecture-diagram: installing graphviz"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends graphviz >/dev/null
fi

dot -Tsvg docs/architecture.dot -o docs/architecture.svg
echo "make-architecture-diagram: wrote docs/architecture.svg"
