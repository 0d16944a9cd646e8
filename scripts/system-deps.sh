#!/bin/sh
# Installs the Debian/Ubuntu packages SmartDesk needs, only those missing.
#   run:  fonts and the X11 libraries Qt's xcb plugin loads for a real window
#   test: also poppler-utils (pdftotext, pdftoppm), LibreOffice Calc (headless workbook check),
#         Carlito (Calibri's metrics: LibreOffice then lays the workbooks out as Excel does), Xvfb
set -eu
what="${1:-run}"
pkgs="fonts-dejavu-core libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0"
if [ "$what" = "venv" ]; then
  pkgs="python3-venv"
elif [ "$what" = "test" ]; then
  pkgs="$pkgs poppler-utils libreoffice-calc-nogui fonts-crosextra-carlito xvfb xauth"
fi
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system, install these yourself: $pkgs" >&2; exit 0; }
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "system-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
