#!/bin/bash
# Prepare a Debian bookworm host for the nvmev VM tests (run as root).
#
#   tests/vm/setup.sh          install packages, fetch both kernels, print KVERs
#
# - installs the host tools (QEMU, nvme-cli, fio, busybox-static, ...) with apt-get;
# - resolves the exact kernel versions behind Debian's meta packages
#   (linux-image-amd64 -> 6.1, linux-image-6.12-amd64 -> 6.12 from bookworm-security);
# - installs the matching linux-headers-KVER (to build nvmev.ko against);
# - downloads the linux-image .deb (not installed: its initramfs hooks are slow and
#   we never boot the host with it) and extracts it into .cache/vm/kernels/KVER/,
#   then runs depmod there so modprobe -d can resolve module dependencies.
#
# Idempotent: when everything is already in place it only runs apt-cache.
# Output: one KVER per line on stdout (progress messages go to stderr).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${NVMEV_VM_CACHE:-$REPO/.cache/vm}
META_PKGS=(linux-image-amd64 linux-image-6.12-amd64)
HOST_PKGS=(qemu-system-x86 nvme-cli fio busybox-static cpio kmod xz-utils zstd gzip
           e2fsprogs xfsprogs make gcc libc-bin coreutils uuid-runtime
           libc6-dev)

log() { echo "setup: $*" >&2; }
# as root into a root-owned directory: no _apt sandbox (it only warns)
APT_DOWNLOAD="apt-get download -qq -o APT::Sandbox::User=root"

export DEBIAN_FRONTEND=noninteractive
apt_updated=0
apt_update_once() {
	if [ "$apt_updated" = 0 ]; then
		log "apt-get update"
		apt-get update -qq >&2
		apt_updated=1
	fi
}

# Install the packages given that are not installed yet.
apt_install() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	apt_update_once
	log "apt-get install ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The concrete image package a meta package depends on, e.g.
# linux-image-amd64 -> linux-image-6.1.0-56-amd64.
resolve_image_pkg() {
	apt-cache depends "$1" 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}'
}

apt_install "${HOST_PKGS[@]}"

# A fresh box may have no package lists yet: then apt-cache finds nothing.
for meta in "${META_PKGS[@]}"; do
	if [ -z "$(resolve_image_pkg "$meta")" ]; then
		apt_update_once
		break
	fi
done

mkdir -p "$CACHE/debs" "$CACHE/kernels"
KVERS=()
for meta in "${META_PKGS[@]}"; do
	img=$(resolve_image_pkg "$meta")
	[ -n "$img" ] || { log "cannot resolve $meta with apt-cache"; exit 1; }
	kver=${img#linux-image-}
	root=$CACHE/kernels/$kver

	apt_install "linux-headers-$kver"

	# The .stamp is written last, so a half-done extraction is redone; so is
	# one whose modules went (a kbuild clean run over the tree removes
	# every *.ko under it).
	if [ ! -e "$root/.stamp" ] ||
	   [ -z "$(find "$root/lib/modules" -name 'nvme.ko*' -print -quit 2>/dev/null)" ]; then
		deb=$(ls "$CACHE"/debs/"${img}"_*.deb 2>/dev/null | head -n1 || true)
		if [ -z "$deb" ]; then
			log "apt-get download $img"
			(cd "$CACHE/debs" && $APT_DOWNLOAD "$img" >&2) || {
				apt_update_once
				(cd "$CACHE/debs" && $APT_DOWNLOAD "$img" >&2)
			}
			deb=$(ls "$CACHE"/debs/"${img}"_*.deb | head -n1)
		fi
		log "extracting $(basename "$deb")"
		rm -rf "$root"
		mkdir -p "$root"
		dpkg-deb -x "$deb" "$root"
		depmod -b "$root" "$kver"
		touch "$root/.stamp"
	fi
	KVERS+=("$kver")
done

# Drop kernels (and their .debs) that Debian has since replaced.
for dir in "$CACHE"/kernels/*/; do
	old=$(basename "$dir")
	case " ${KVERS[*]} " in *" $old "*) continue ;; esac
	log "removing old kernel $old"
	rm -rf "$dir" "$CACHE"/debs/linux-image-"$old"_*.deb "$CACHE"/initrd-base-"$old".cpio.gz
done

printf '%s\n' "${KVERS[@]}"
