# File systems on the device: ext4 and xfs.
# Each function t_NAME is a test; run_tests (lib.sh) runs them.

t_fs_ext4() { fs_roundtrip ext4 "e2fsck -fn"; }
t_fs_xfs() { fs_roundtrip xfs "xfs_repair -n"; }
