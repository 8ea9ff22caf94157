package devloop

import "keel/internal/diag"

// warningLog prints a build's warnings once: the first build prints all of
// them, a rebuild only the new ones and how many went away, so a busy
// editing session does not repeat the same lines on every save. (A failed
// build's diagnostics are printed whole by the server.)
type warningLog struct {
	shown map[string]bool
}

func (l *warningLog) print(diags diag.List, logf func(string, ...any)) {
	if diags.HasErrors() {
		return
	}
	now := map[string]bool{}
	for _, d := range diags {
		s := d.String()
		if now[s] {
			continue
		}
		now[s] = true
		if !l.shown[s] {
			logf("%s", s)
		}
	}
	gone := 0
	for s := range l.shown {
		if !now[s] {
			gone++
		}
	}
	if gone > 0 {
		logf("%d warning(s) fixed; %d remain", gone, len(now))
	}
	l.shown = now
}
