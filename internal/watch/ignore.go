package watch

import "strings"

// Ignored reports whether a file name (the last path element) is an editor's
// backup, swap or temporary file rather than site content. The build should
// skip the same names so that serve and build agree.
func Ignored(name string) bool {
	switch {
	case name == "4913": // vim probes whether it may write in a directory
		return true
	case strings.HasSuffix(name, "~"): // vim, emacs, gedit backups
		return true
	case strings.HasPrefix(name, ".#"): // emacs lock files
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // emacs auto-save
		return true
	case strings.HasPrefix(name, ".") && isVimSwap(name):
		return true
	case strings.Contains(name, "___jb_tmp___"), strings.Contains(name, "___jb_old___"): // JetBrains safe write
		return true
	case strings.HasSuffix(name, ".kate-swp"), strings.HasPrefix(name, ".goutputstream-"): // Kate, GNOME
		return true
	}
	return false
}

// isVimSwap matches vim's swap files: .name.swp, .swo, .swn ... and .swpx.
func isVimSwap(name string) bool {
	if strings.HasSuffix(name, ".swpx") {
		return true
	}
	i := strings.LastIndexByte(name, '.')
	ext := name[i+1:]
	return i > 0 && len(ext) == 3 && strings.HasPrefix(ext, "sw") && ext[2] >= 'a' && ext[2] <= 'z'
}
