//go:build unix

package output

import (
	"os"
	"syscall"
)

// folderID identifies a folder across renames: its device and inode.
func folderID(path string) ([2]uint64, bool) {
	fi, err := os.Stat(path)
	if err != nil || !fi.IsDir() {
		return [2]uint64{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return [2]uint64{}, false
	}
	return [2]uint64{uint64(st.Dev), uint64(st.Ino)}, true
}

func stateOf(fi os.FileInfo) (fileState, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileState{}, false
	}
	return fileState{Size: fi.Size(), Mtime: fi.ModTime().UnixNano(), Ino: uint64(st.Ino)}, true
}
