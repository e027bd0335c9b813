#!/usr/bin/env bash
# Makes the demo clip from a public-domain photograph shipped by Debian
# (scikit-image's astronaut.png, NASA): 10 s at 25 fps, 384x384, H.264, with
# a slow camera move; from 3.0 s to 6.5 s the face is a self-blended fake
# (make-demo-still.py: a warped, recoloured copy of itself blended in), and
# from 5 s on the picture fades into low light (darker, lower gamma,
# sensor-like noise). Nothing from ../shared is used.
# The committed resources/demo/demo-clip.mp4 was made with this script.
# usage: make-demo-clip.sh OUT.mp4
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/make-demo-still.py" "$work/real.png" "$work/fake.png"
mkdir -p "$(dirname "$out")"
ffmpeg -hide_banner -loglevel error -y -loop 1 -framerate 25 -i "$work/real.png" -loop 1 -framerate 25 -i "$work/fake.png" \
  -t 10 -filter_complex "[0][1]overlay=enable='between(t,3,6.5)',\
zoompan=z='1.15+0.1*sin(on/60)':x='(iw-iw/zoom)/2+30*sin(on/40)':y='(ih-ih/zoom)/2+20*cos(on/50)':d=1:s=384x384:fps=25,\
eq=brightness='-0.35*clip((t-5)/3,0,1)':gamma='1-0.45*clip((t-5)/3,0,1)':eval=frame,\
noise=alls=10:allf=t" -c:v libx264 -crf 24 -pix_fmt yuv420p -g 50 -movflags +faststart "$out"
echo "demo clip written to $out"
