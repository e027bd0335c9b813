#!/bin/sh
# Builds the Debian package with cpack, checks its metadata and file list,
# extracts it into a temporary root and runs the extracted interceptor-cli:
# --version, then an analysis of the packaged demo clip with the packaged demo
# checkpoint, and the report of it.
# usage: package_test.sh BUILD_DIR VERSION
set -eu
build=$1 version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$work/out/interceptor_${version}_amd64.deb
[ -f "$deb" ] || { ls "$work/out"; fail "no $deb"; }

dpkg-deb -f "$deb" Package Version Architecture Section Depends > "$work/fields"
cat "$work/fields"
grep -qx "Package: interceptor" "$work/fields" || fail "package name"
grep -qx "Version: $version" "$work/fields" || fail "version is not the project version $version"
grep -qx "Architecture: amd64" "$work/fields" || fail "architecture"
depends=$(sed -n 's/^Depends: //p' "$work/fields")
# Computed by dpkg-shlibdeps from the binaries' libraries, plus the data the binaries load.
for dep in libtorch libopencv-core libavcodec libavformat libswscale libqt6widgets6 libqt6gui6 libsqlite3 \
           libssl3 opencv-data qt6-qpa-plugins libc6; do
  echo "$depends" | grep -q "$dep" || fail "Depends lacks $dep: $depends"
done

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' > "$work/files"
for f in /usr/bin/interceptor /usr/bin/interceptor-cli \
         /usr/share/applications/org.interceptor.Interceptor.desktop \
         /usr/share/metainfo/org.interceptor.Interceptor.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/interceptor.svg \
         /usr/share/icons/hicolor/16x16/apps/interceptor.png /usr/share/icons/hicolor/48x48/apps/interceptor.png \
         /usr/share/icons/hicolor/256x256/apps/interceptor.png \
         /usr/share/man/man1/interceptor.1.gz /usr/share/man/man1/interceptor-cli.1.gz \
         /usr/share/interceptor/demo/demo-clip.mp4 /usr/share/interceptor/demo/demo-stage1.pt \
         /usr/share/interceptor/demo/demo-stage2.pt \
         /usr/share/interceptor/demo/PROVENANCE.md /usr/share/interceptor/plans/four-stages.json \
         /usr/share/doc/interceptor/copyright; do
  grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
# Nothing from the research-only clips, nothing from the build tree, no test programs.
if grep -E 'shared/data|KwaiVGI|celebdf|ffpp|/build/|_tests$' "$work/files"; then fail "unexpected files in the package"; fi

root=$work/root
dpkg-deb -x "$deb" "$root"
grep -q "^MimeType=.*video/mp4" "$root/usr/share/applications/org.interceptor.Interceptor.desktop" || fail "no video MIME types"
desktop-file-validate "$root/usr/share/applications/org.interceptor.Interceptor.desktop" || fail "the .desktop entry is invalid"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.interceptor.Interceptor.metainfo.xml" || fail "the metainfo is invalid"
grep -q "release version=\"$version\"" "$root/usr/share/metainfo/org.interceptor.Interceptor.metainfo.xml" || fail "metainfo version"
zcat "$root/usr/share/man/man1/interceptor-cli.1.gz" | grep -q "Interceptor $version" || fail "man page version"

cli=$root/usr/bin/interceptor-cli
"$cli" --version | tee "$work/version"
head -1 "$work/version" | grep -qx "interceptor-cli $version" || fail "--version does not print $version"
"$root/usr/bin/interceptor" --version | head -1 | grep -qx "interceptor $version" || fail "interceptor --version"

demo=$root/usr/share/interceptor/demo
status=0
INTERCEPTOR_CASE_DIR=$work/cases "$cli" analyze "$demo/demo-clip.mp4" --checkpoint "$demo/demo-stage2.pt" \
  --evenly 10 --json "$work/analysis.json" --quiet || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] || fail "analysis of the packaged demo exited $status"
grep -q '"p_fake"' "$work/analysis.json" || fail "no per-frame scores in the analysis"
INTERCEPTOR_CASE_DIR=$work/cases "$cli" report "$demo/demo-clip.mp4" --out "$work/demo.pdf" --quiet
[ -s "$work/demo.pdf" ] || fail "no report"
echo "package $deb: metadata, files, --version, demo analysis and report all right"
