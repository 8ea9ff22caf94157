//go:build !unix

package output

import "os"

// Without inodes a reusing output cannot check what it would reuse, so
// BeginReusing falls back to Begin.
func folderID(path string) ([2]uint64, bool) { return [2]uint64{}, false }

func stateOf(fi os.FileInfo) (fileState, bool) { return fileState{}, false }
