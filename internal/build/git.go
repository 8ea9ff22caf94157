package build

import (
	"time"

	"keel/internal/source"
)

// gitDates returns the last commit date of each content file; nil outside git.
func gitDates(root string, tree source.Tree) map[string]time.Time {
	return nil
}
