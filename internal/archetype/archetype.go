// Package archetype creates a new content file from the theme's archetype for
// a kind (templates/archetypes/<kind>.md, overridable by the site).
package archetype

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	"keel/internal/markdown"
	"keel/internal/meta"
)

// Sections maps a kind to the folder its pages live in.
var sections = map[string]string{meta.Blueprint: "blueprints", meta.Manual: "manuals", meta.Brief: "briefs", meta.Page: ""}

// Create writes content/<section>/<slug>.md under root and returns its path
// relative to root. It never overwrites an existing file.
func Create(root string, theme fs.FS, kind, title string, now time.Time) (string, error) {
	section, ok := sections[kind]
	if !ok {
		return "", fmt.Errorf("unknown kind %q; kinds are %s", kind, strings.Join(meta.Kinds, ", "))
	}
	if strings.TrimSpace(title) == "" {
		return "", errors.New("the title must not be empty")
	}
	src, err := os.ReadFile(filepath.Join(root, "templates", "archetypes", kind+".md"))
	if err != nil {
		src, err = fs.ReadFile(theme, "templates/archetypes/"+kind+".md")
	}
	if err != nil {
		return "", fmt.Errorf("no archetype for %s: %v", kind, err)
	}
	tmpl, err := template.New(kind).Parse(string(src))
	if err != nil {
		return "", fmt.Errorf("templates/archetypes/%s.md: %v", kind, err)
	}
	next := now.AddDate(0, 3, 0)
	after := now.AddDate(0, 6, 0)
	half := "H1"
	if after.Month() > 6 {
		half = "H2"
	}
	var buf bytes.Buffer
	err = tmpl.Execute(&buf, map[string]string{
		"Title":        strconv.Quote(title), // a double-quoted YAML string: any title is safe
		"Date":         now.Format("2006-01-02"),
		"Owner":        strconv.Quote(owner()),
		"NextQuarter":  meta.QuarterOf(next),
		"QuarterAfter": meta.QuarterOf(after),
		"Horizon":      fmt.Sprintf("%d-%s", after.Year(), half),
	})
	if err != nil {
		return "", fmt.Errorf("templates/archetypes/%s.md: %v", kind, err)
	}
	// A very long title gets a shortened file name with a hash (the title
	// itself is kept whole in the front matter).
	slug := meta.ShortSegment(markdown.Slug(title), maxFileSlug)
	if slug == "" {
		slug = kind
	}
	rel := filepath.ToSlash(filepath.Join("content", section, slug+".md"))
	full := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists; keel new never overwrites a file", rel)
	}
	if err != nil {
		return "", err
	}
	_, err = f.Write(buf.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// A half-written page (a full disk) would block the next keel new
		// with "already exists" and build as an empty page.
		os.Remove(full)
		return "", err
	}
	return rel, nil
}

// maxFileSlug bounds the file name keel new picks from a title, in bytes.
const maxFileSlug = 80

// owner is who runs keel new, as far as the environment tells.
func owner() string {
	for _, v := range []string{"KEEL_OWNER", "GIT_AUTHOR_NAME", "USER"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return "Unassigned"
}
