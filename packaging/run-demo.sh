#!/usr/bin/env bash
# The first command for a new user: installs what is missing, builds, and
# shows Interceptor working end to end on bundled material.
#
# Until the bundled demo clip and trained demo checkpoint land (see the
# README's "Known limits"), it writes an UNTRAINED small checkpoint, shows
# what the checkpoint inspector reports about it, and scores a public-domain
# photograph (scikit-image's astronaut.png, NASA) with the low-light
# heatmap written next to it. The score of an untrained network means nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target interceptor-cli
cli=build/dev/app/interceptor-cli
out=build/dev/demo
mkdir -p "$out"
image=$(/usr/bin/python3 -c 'import skimage.data, os; print(os.path.join(os.path.dirname(skimage.data.__file__), "astronaut.png"))')

"$cli" --version
"$cli" init-checkpoint "$out/untrained-small.pt" --config small --seed 1
"$cli" checkpoint "$out/untrained-small.pt"
"$cli" score-image "$out/untrained-small.pt" "$image" --heatmap "$out/astronaut-heatmap.png"
echo "demo output is in $out"
