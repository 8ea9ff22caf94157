package build

import (
	"bytes"
	"os/exec"
	"path"
	"strings"
	"time"

	"keel/internal/diag"
	"keel/internal/source"
)

// gitDates returns the date of the last commit that touched each content
// file, from one `git log` over the whole tree (not one process per file).
// Outside a git work tree, or without git, it returns nil and pages fall back
// to their updated and date fields. In a shallow clone every file's history
// is cut at the clone's one commit, whose date would then pass for each
// page's: it returns nil and a warning instead.
func gitDates(root string, tree source.Tree) (map[string]time.Time, diag.List) {
	var diags diag.List
	if len(tree.Docs) == 0 {
		return nil, diags
	}
	shallow, err := exec.Command("git", "-C", root, "rev-parse", "--is-shallow-repository").Output()
	if err != nil {
		return nil, diags // not in git, or no git
	}
	if strings.TrimSpace(string(shallow)) == "true" {
		diags.Warnf("content", 0, 0, "the site is in a shallow git clone, where every page would get the clone's one commit date; "+
			"pages show their own updated: dates only (fetch the full history with git fetch --unshallow to use git's)")
		return nil, diags
	}
	cmd := exec.Command("git", "-C", root, "log", "--format=%x00%cI", "--name-only", "--no-renames", "--relative", "--", "content")
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return nil, diags
	}
	dates := map[string]time.Time{}
	var current time.Time
	for _, line := range strings.Split(out.String(), "\n") {
		if stamp, ok := strings.CutPrefix(line, "\x00"); ok {
			t, err := time.Parse(time.RFC3339, stamp)
			if err != nil {
				current = time.Time{}
				continue
			}
			y, m, d := t.UTC().Date()
			current = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			continue
		}
		if line == "" || current.IsZero() {
			continue
		}
		p := path.Clean(line)
		if _, seen := dates[p]; !seen { // log is newest first
			dates[p] = current
		}
	}
	return dates, diags
}
