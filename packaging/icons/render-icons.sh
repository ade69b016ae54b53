#!/bin/sh
# Renders the application icon's PNG sizes (Linux hicolor theme), the Windows .ico and the
# macOS .icns from io.github.imagebuilder.ImageBuilder.svg. The results are committed, so
# building needs none of these tools; run this again after changing the SVG.
# Needs rsvg-convert (librsvg2-bin), ImageMagick's convert and python3.
set -eu
cd "$(dirname "$0")"
id=io.github.imagebuilder.ImageBuilder
for size in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "hicolor/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" "$id.svg" -o "hicolor/${size}x${size}/apps/$id.png"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rsvg-convert -w 1024 -h 1024 "$id.svg" -o "$tmp/1024.png"
convert hicolor/16x16/apps/$id.png hicolor/24x24/apps/$id.png hicolor/32x32/apps/$id.png \
        hicolor/48x48/apps/$id.png hicolor/64x64/apps/$id.png hicolor/256x256/apps/$id.png \
        "../windows/imagebuilder.ico"
# An .icns is a list of (type, length, PNG) records; iconutil exists only on macOS.
python3 - "$tmp/1024.png" <<'PY'
import struct, sys
entries = [("icp4", "hicolor/16x16"), ("icp5", "hicolor/32x32"), ("icp6", "hicolor/64x64"),
           ("ic07", "hicolor/128x128"), ("ic08", "hicolor/256x256"), ("ic09", "hicolor/512x512"),
           ("ic11", "hicolor/32x32"), ("ic12", "hicolor/64x64"), ("ic13", "hicolor/256x256"),
           ("ic14", "hicolor/512x512")]
body = b""
for kind, folder in entries:
    with open(f"{folder}/apps/io.github.imagebuilder.ImageBuilder.png", "rb") as f:
        data = f.read()
    body += kind.encode() + struct.pack(">I", len(data) + 8) + data
with open(sys.argv[1], "rb") as f:
    data = f.read()
body += b"ic10" + struct.pack(">I", len(data) + 8) + data
with open("../macos/imagebuilder.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
