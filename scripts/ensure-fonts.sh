#!/usr/bin/env bash
# Make sure the fonts the synthetic label generator sets sake labels in are installed:
# Japanese print faces (Noto CJK, IPAex, Takao, Motoya Cedar, Hanazono), brush faces for brand
# names (Kouzan, Aoyagi Kouzan) and DejaVu for export labels. Installs the missing ones from
# the distribution when we are root on a Debian-like system; silent when all are present.
# Never fails by itself: the tests that need the fonts skip (or fail with CI=true) without them.
set -uo pipefail

PACKAGES=(
  fonts-noto-cjk
  fonts-ipaexfont
  fonts-takao-mincho
  fonts-motoya-l-cedar
  fonts-hanazono
  fonts-kouzan-mouhitsu
  fonts-aoyagi-kouzan-t
  fonts-dejavu-core
)

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  if ! fc-list :lang=ja family 2>/dev/null | grep -q .; then
    echo "no Japanese fonts found and this is not a Debian-like system; install Noto Sans CJK" \
      "and a brush font (Kouzan) for the label tests" >&2
  fi
  exit 0
fi

missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "label fonts missing: ${missing[*]}; install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "installing ${missing[*]} ..." >&2
apt-get update -qq >/dev/null 2>&1
if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
  >/dev/null 2>&1; then
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "the label fonts could not be installed" >&2
fi
exit 0
