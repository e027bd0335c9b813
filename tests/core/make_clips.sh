#!/usr/bin/env bash
# Generates the test clips for the media tests with the ffmpeg command line.
# Usage: make_clips.sh OUTDIR. Skips the work when OUTDIR is already complete.
set -euo pipefail
out=$1
stamp="$out/.complete-$(sha256sum "$0" | cut -c1-16)"
[ -f "$stamp" ] && { echo "clips are up to date in $out"; exit 0; }
rm -rf "$out" && mkdir -p "$out"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
work_moov_last="$out/.moov-last.mp4"
src="testsrc2=size=320x240:rate=25:duration=3"   # 75 frames with a frame counter drawn in

ff -f lavfi -i "$src" -c:v libx264 -g 25 -bf 3 -pix_fmt yuv420p -movflags +faststart "$out/h264.mp4"
ff -f lavfi -i "$src" -c:v libx264 -g 25 -bf 3 -pix_fmt yuv420p -f mov "$out/h264.mov"
ff -f lavfi -i "$src" -c:v libx265 -x265-params log-level=none:keyint=25 -pix_fmt yuv420p "$out/hevc.mkv"
ff -f lavfi -i "$src" -c:v libvpx-vp9 -g 25 -b:v 300k "$out/vp9.webm"
ff -f lavfi -i "$src" -c:v libaom-av1 -g 25 -cpu-used 8 -b:v 200k "$out/av1.mkv"
ff -f lavfi -i "$src" -c:v mjpeg -q:v 3 "$out/mjpeg.avi"
ff -f lavfi -i "$src" -c:v mpeg4 -g 25 -bf 2 -q:v 4 "$out/mpeg4.avi"
ff -f lavfi -i "$src" -c:v libx265 -x265-params log-level=none:keyint=25 -pix_fmt yuv420p10le "$out/hevc10.mp4"
ff -f lavfi -i "$src" -vf scale=321:241 -c:v libx264 -g 25 -pix_fmt yuv444p "$out/odd.mp4"
# A phone clip shot sideways: stored 320x240, displayed upright at 240x320.
ff -i "$out/h264.mp4" -c copy -metadata:s:v:0 rotate=90 "$out/rotated.mp4"
# Variable frame rate: 25 frames at 25 fps, then 50 frames at 12.5 fps.
ff -f lavfi -i "$src" -vf "setpts='if(lt(N,25),N/25,1+(N-25)*2/25)/TB'" -fps_mode vfr -c:v libx264 -g 25 \
   -video_track_timescale 1000 "$out/vfr.mp4"
# No face anywhere: grey noise (the test pattern itself fools the Haar cascade now and then).
ff -f lavfi -i "color=c=0x506070:size=320x240:rate=25:duration=2" -vf "noise=alls=25:allf=t" -c:v libx264 -g 25 \
   -pix_fmt yuv420p "$out/noface.mp4"
# No face in any of ffmpeg's test patterns, one second each (a pattern once passed for a face).
n=0; inputs=(); labels=""
for p in testsrc testsrc2 smptebars smptehdbars rgbtestsrc yuvtestsrc pal100bars mandelbrot \
         "cellauto=rule=110" "life=mold=10:ratio=0.3" "gradients=n=5"; do
  case "$p" in *=*) spec="$p:size=640x360:rate=10" ;; *) spec="$p=size=640x360:rate=10" ;; esac
  inputs+=(-f lavfi -t 1 -i "$spec"); labels+="[$n:v]format=yuv420p,setsar=1[v$n];"; n=$((n + 1))
done
concat=""; for i in $(seq 0 $((n - 1))); do concat+="[v$i]"; done
ff "${inputs[@]}" -filter_complex "${labels}${concat}concat=n=$n:v=1[out]" -map "[out]" -c:v libx264 \
   -g 10 -pix_fmt yuv420p "$out/patterns.mp4"
# Long enough (500 frames) to kill an analysis in the middle.
ff -f lavfi -i "testsrc2=size=320x240:rate=25:duration=20" -c:v libx264 -g 50 -pix_fmt yuv420p "$out/long.mp4"
ff -f lavfi -i "sine=frequency=440:duration=2" -c:a aac "$out/audio_only.m4a"
: > "$out/empty.mp4"
printf 'these are not video frames\n' > "$out/text.mp4"
# Damage in the middle: overwrite 4 KiB of picture data halfway through.
cp "$out/h264.mp4" "$out/damaged.mp4"
size=$(stat -c %s "$out/damaged.mp4")
dd if=/dev/zero bs=4096 count=1 status=none | tr "\0" "X" | dd of="$out/damaged.mp4" bs=1 seek=$((size / 2)) conv=notrunc status=none
# Truncated: the last 40 % cut off (the index is at the front: +faststart).
head -c $((size * 6 / 10)) "$out/h264.mp4" > "$out/truncated.mp4"
# Cut short before its index: a recording whose moov box (written last, no +faststart) never came.
ff -f lavfi -i "$src" -c:v libx264 -g 25 -pix_fmt yuv420p "$work_moov_last"
head -c $(($(stat -c %s "$work_moov_last") * 6 / 10)) "$work_moov_last" > "$out/no-index.mp4"
rm "$work_moov_last"
# Stills: one picture as JPEG in three chroma layouts, PNG and BMP.
still="testsrc2=size=320x240:rate=25:duration=1"
for chroma in 420 422 444; do
  ff -f lavfi -i "$still" -frames:v 1 -pix_fmt "yuvj${chroma}p" "$out/still-$chroma.jpg"
done
ff -f lavfi -i "$still" -frames:v 1 "$out/still.png"
ff -f lavfi -i "$still" -frames:v 1 -pix_fmt bgr24 "$out/still.bmp"
touch "$stamp"
echo "clips written to $out"
