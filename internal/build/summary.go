package build

import (
	"fmt"
	"strings"
)

// KindSummary counts the pages built by kind: "8 blueprints, 4 manuals, 1 home".
func (s Stats) KindSummary() string {
	var parts []string
	for _, k := range []string{"blueprint", "manual", "brief", "page", "section", "home"} {
		if n := s.Kinds[k]; n > 0 {
			name := k + "s"
			if n == 1 {
				name = k
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, name))
		}
	}
	return strings.Join(parts, ", ")
}
