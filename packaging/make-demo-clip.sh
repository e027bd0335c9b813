#!/usr/bin/env bash
# Makes the demo clip from a public-domain photograph shipped by Debian
# (scikit-image's astronaut.png, NASA): 10 s at 25 fps, 384x384, H.264,
# with a slow camera move, and from 5 s on a fade into low light (darker,
# lower gamma, sensor-like noise). Nothing from ../shared is used.
# usage: make-demo-clip.sh OUT.mp4
set -euo pipefail
out=$1
image=$(/usr/bin/python3 -c 'import skimage.data, os; print(os.path.join(os.path.dirname(skimage.data.__file__), "astronaut.png"))')
mkdir -p "$(dirname "$out")"
ffmpeg -hide_banner -loglevel error -y -loop 1 -framerate 25 -i "$image" -t 10 -vf "\
zoompan=z='1.15+0.1*sin(on/60)':x='(iw-iw/zoom)/2+30*sin(on/40)':y='(ih-ih/zoom)/2+20*cos(on/50)':d=1:s=384x384:fps=25,\
eq=brightness='-0.35*clip((t-5)/3,0,1)':gamma='1-0.45*clip((t-5)/3,0,1)':eval=frame,\
noise=alls=10:allf=t" -c:v libx264 -pix_fmt yuv420p -g 50 -movflags +faststart "$out"
echo "demo clip written to $out"
