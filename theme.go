// Package keel carries the default theme: the templates and static files an
// installed keel binary uses when a site brings none of its own.
package keel

import (
	"embed"
	"io/fs"
)

//go:embed templates static
var theme embed.FS

// Theme returns the embedded default theme (templates/ and static/).
func Theme() fs.FS { return theme }
