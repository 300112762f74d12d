#!/usr/bin/env bash
# Installs everything ciodesim needs from Debian's own packages (Debian 12 "bookworm" or
# newer). Run as root, or it re-runs itself with sudo.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config
  libsimgrid-dev simgrid
  libboost-graph-dev libeigen3-dev libfmt-dev libcli11-dev doctest-dev
  nlohmann-json3-dev libtomlplusplus-dev
  python3 python3-matplotlib python3-pandas python3-onnx
  libopencv-dev
)
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "ciodesim dependencies installed: ${packages[*]}"
