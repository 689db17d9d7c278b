#!/bin/sh
# Installs everything mip6 needs to build and to run every test tier on a
# fresh Debian 12 machine. Idempotent: a second run only checks.
set -eu

PACKAGES="
  meson ninja-build pkg-config gcc clang libclang-rt-14-dev gettext
  libglib2.0-dev libglib2.0-bin libgtk-3-dev libnotify-dev libnm-dev
  libnl-3-dev libnl-route-3-dev libnl-xfrm-3-dev libpolkit-gobject-1-dev libnftables-dev
  libayatana-appindicator3-dev
  dbus python3 python3-gi python3-dbusmock python3-scapy tshark tcpdump
  radvd iproute2 iputils-ping procps kmod nftables
  xvfb xauth x11-apps imagemagick trayer
  clang-format libxml2-utils
  qemu-system-x86 busybox-static cpio
  network-manager wpasupplicant hostapd iw udev rfkill gir1.2-nm-1.0
  x11-utils xdotool notification-daemon at-spi2-core gir1.2-atspi-2.0 gir1.2-gtk-3.0
  gir1.2-notify-0.7 python3-gi-cairo python3-pil librsvg2-bin desktop-file-utils
"

if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/deps.sh: must run as root to install packages (try: sudo $0)" >&2
  exit 1
fi

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer for it.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -q
  # NetworkManager, wpa_supplicant, hostapd and udev run only inside the
  # VM tier's guest (tests/vm/wifi); installing them must start nothing
  # here. Exit status 101 of policy-rc.d makes invoke-rc.d and
  # deb-systemd-invoke skip every start; a policy already in place is kept.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    trap 'rm -f "$policy"' EXIT
    trap 'exit 1' INT TERM HUP
    printf '#!/bin/sh\n# scripts/deps.sh of mip6, while it installs packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
  fi
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
  # Under systemd the units would start at the next boot: a machine that
  # did not have NetworkManager before gets it only for the VM tier.
  case " $missing " in
  *" network-manager "*)
    if [ "$(ps -p 1 -o comm=)" = systemd ]; then
      systemctl disable --quiet NetworkManager.service NetworkManager-wait-online.service \
        NetworkManager-dispatcher.service wpa_supplicant.service hostapd.service 2>/dev/null || true
    fi
    ;;
  esac
fi
