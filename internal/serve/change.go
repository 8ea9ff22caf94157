package serve

import (
	"bytes"
	"maps"
	"path"
	"slices"
	"strings"
)

// cssOnly reports whether a change can be applied by swapping stylesheets
// instead of reloading: every changed file is a stylesheet, or an HTML page
// that differs from its old version only by the names of fingerprinted
// stylesheets (css/keel.3fa2c1.css → css/keel.9bd012.css). swap maps each
// old stylesheet name to its new one.
// old and cur look files up in the two sites.
func cssOnly(old, cur func(string) ([]byte, bool), changed []string) (swap map[string]string, ok bool) {
	var pages, removed, added []string
	sawCSS := false
	for _, p := range changed {
		switch path.Ext(p) {
		case ".css":
			sawCSS = true
			_, inOld := old(p)
			_, inCur := cur(p)
			if inOld && !inCur {
				removed = append(removed, p)
			} else if inCur && !inOld {
				added = append(added, p)
			}
		case ".html":
			pages = append(pages, p)
		default:
			return nil, false
		}
	}
	if !sawCSS || len(removed) != len(added) {
		return nil, false
	}
	swap = map[string]string{}
	byStem := map[string]string{}
	for _, p := range removed {
		s := stem(p)
		if _, dup := byStem[s]; dup {
			return nil, false
		}
		byStem[s] = p
	}
	for _, p := range added {
		o, found := byStem[stem(p)]
		if !found {
			return nil, false
		}
		delete(byStem, stem(p))
		swap[o] = p
	}
	for _, p := range pages {
		o, inOld := old(p)
		n, inCur := cur(p)
		if !inOld || !inCur || !equalModuloSwap(o, n, swap) {
			return nil, false
		}
	}
	return swap, true
}

// stem drops a fingerprint, the last "." or "-" separated part of at least
// six letters and digits before the extension: css/keel.3fa2c1.css →
// css/keel.css. A wrong guess is harmless: pages are still compared.
func stem(p string) string {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	name = strings.TrimSuffix(name, ext)
	i := strings.LastIndexAny(name, ".-")
	if i < 0 {
		return p
	}
	fp := name[i+1:]
	if len(fp) < 6 || strings.IndexFunc(fp, func(r rune) bool {
		return !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	}) >= 0 {
		return p
	}
	return dir + name[:i] + ext
}

// equalModuloSwap reports whether o with every old name of swap replaced by
// its new name equals n, without building the replaced copy: pages are
// compared run by run between occurrences of the old names.
func equalModuloSwap(o, n []byte, swap map[string]string) bool {
	olds := slices.Sorted(maps.Keys(swap))
	for {
		// The next occurrence of any old name in o.
		at, which := -1, ""
		for _, name := range olds {
			if i := bytes.Index(o, []byte(name)); i >= 0 && (at < 0 || i < at) {
				at, which = i, name
			}
		}
		if at < 0 {
			return bytes.Equal(o, n)
		}
		repl := swap[which]
		if len(n) < at+len(repl) || !bytes.Equal(o[:at], n[:at]) || string(n[at:at+len(repl)]) != repl {
			return false
		}
		o, n = o[at+len(which):], n[at+len(repl):]
	}
}
