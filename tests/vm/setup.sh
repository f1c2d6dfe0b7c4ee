#!/bin/bash
# Prepare a Debian bookworm host for the nvmev VM tests (run as root).
#
#   tests/vm/setup.sh          install packages, fetch both kernels, print KVERs
#
# - installs the host tools (QEMU, nvme-cli, fio, busybox-static, ...) with apt-get;
# - resolves the exact kernel versions behind Debian's meta packages
#   (linux-image-amd64 -> 6.1, linux-image-6.12-amd64 -> 6.12 from bookworm-security);
# - downloads the linux-image .deb and the matching linux-headers-KVER, its
#   -common and linux-kbuild .debs, and extracts them all into
#   .cache/vm/kernels/KVER/ (depmod runs there so modprobe -d can resolve module
#   dependencies; nvmev.ko is built against usr/src/linux-headers-KVER there).
#   None of them is installed: the 6.12 headers package depends on its kernel
#   image, and installing that would add a kernel to the host's boot menu,
#   rebuild initramfs and repoint /vmlinuz.  Setup never touches the host's boot.
#
# Idempotent: when everything is already in place it only runs apt-cache.
# Output: one KVER per line on stdout (progress messages go to stderr).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${NVMEV_VM_CACHE:-$REPO/.cache/vm}
META_PKGS=(linux-image-amd64 linux-image-6.12-amd64)
HOST_PKGS=(qemu-system-x86 nvme-cli fio busybox-static cpio kmod xz-utils zstd gzip
           e2fsprogs xfsprogs f2fs-tools util-linux make gcc libc-bin coreutils uuid-runtime
           libc6-dev
           gcc-12 pahole libelf1 libssl3)	# what the kbuild .debs need

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

# The packages a kernel's headers are made of: linux-headers-KVER itself, its
# -common part and the kbuild tools (the image it also depends on is
# already ours, unpacked).
headers_pkgs() {
	echo "linux-headers-$1"
	apt-cache depends "linux-headers-$1" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-(headers-.*-common|kbuild-)/ {print $2}'
}

# Download package $1 into the .deb cache unless its candidate version is
# there (linux-kbuild-6.1 keeps its name across point releases); print its path.
fetch_deb() {
	local deb ver
	ver=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/{print $2}')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || { log "apt-cache has no $1"; return 1; }
	ver=${ver//:/%3a}	# apt-get download's file name for an epoch
	deb=$(ls "$CACHE"/debs/"$1"_"$ver"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		rm -f "$CACHE"/debs/"$1"_*.deb
		log "apt-get download $1"
		(cd "$CACHE/debs" && $APT_DOWNLOAD "$1" >&2) || {
			apt_update_once
			(cd "$CACHE/debs" && $APT_DOWNLOAD "$1" >&2)
		}
		deb=$(ls "$CACHE"/debs/"$1"_"$ver"_*.deb | head -n1)
	fi
	echo "$deb"
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

	# The .stamp is written last, so a half-done extraction is redone; so is
	# one whose modules went (a kbuild clean run over the tree removes
	# every *.ko under it) or that has no headers (an older cache).
	if [ ! -e "$root/.stamp" ] ||
	   [ -z "$(find "$root/lib/modules" -name 'nvme.ko*' -print -quit 2>/dev/null)" ] ||
	   [ ! -e "$root/usr/src/linux-headers-$kver/Makefile" ]; then
		debs=()
		for p in "$img" $(headers_pkgs "$kver"); do
			deb=$(fetch_deb "$p") || exit 1
			debs+=("$deb")
		done
		rm -rf "$root"
		mkdir -p "$root"
		for deb in "${debs[@]}"; do
			log "extracting $(basename "$deb")"
			dpkg-deb -x "$deb" "$root"
		done
		[ -e "$root/usr/src/linux-headers-$kver/Makefile" ] ||
			{ log "no headers for $kver in ${debs[*]}"; exit 1; }
		depmod -b "$root" "$kver"
		touch "$root/.stamp"
	fi
	# The headers' Makefile includes the -common part by its absolute
	# /usr/src path; point it at the unpacked one (again if the cache
	# moved).  Their scripts and tools links are relative, so they resolve
	# inside $root already.
	sed -i "s|^include .*/usr/src/linux-headers-|include $root/usr/src/linux-headers-|" \
		"$root/usr/src/linux-headers-$kver/Makefile"
	KVERS+=("$kver")
done

# Drop kernels (and their .debs) that Debian has since replaced.
for dir in "$CACHE"/kernels/*/; do
	old=$(basename "$dir")
	case " ${KVERS[*]} " in *" $old "*) continue ;; esac
	log "removing old kernel $old"
	rm -rf "$dir" "$CACHE"/debs/linux-image-"$old"_*.deb \
		"$CACHE"/debs/linux-headers-"$old"_*.deb "$CACHE"/initrd-base-"$old"*.cpio.gz
done

printf '%s\n' "${KVERS[@]}"
