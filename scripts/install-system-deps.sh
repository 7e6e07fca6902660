#!/usr/bin/env bash
# Optional Debian packages the scene generators use when present: espeak-ng
# (speech in audio scenes) and ffmpeg (an MP4 beside the PNG frames of motion
# clips). Everything runs without them; with them the output gains speech and MP4.
# Idempotent: installs only what is missing, and updates the package lists once.
set -euo pipefail

packages=(espeak-ng ffmpeg)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system dependencies present: ${packages[*]}"
  exit 0
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
echo "installed: ${missing[*]}"
