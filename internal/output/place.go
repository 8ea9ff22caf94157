package output

import (
	"fmt"
	"path/filepath"
	"strings"
)

// CheckPlace refuses an output folder that the next build would read as part
// of the site (inside content/, static/ or templates/: the next build would
// publish the whole edition, internal pages and all, from there) and one that
// holds the site itself (the build would replace it).
func CheckPlace(source, out string) error {
	if within(realPath(source), realPath(out)) {
		return fmt.Errorf("--out %s holds the site itself (--source %s): building would replace it; choose a folder outside the site's content", out, source)
	}
	return checkInside(source, out, "_site")
}

// CheckPDFPlace is CheckPlace for keel pdf, which adds files to its folder:
// PDFs of internal pages under static/ would be published by the next public
// build, and in a folder that holds the site a page's PDF path
// (static/x.pdf for a page of content/static/) could land there too.
func CheckPDFPlace(source, out string) error {
	if within(realPath(source), realPath(out)) {
		return fmt.Errorf("--out %s holds the site itself (--source %s): a PDF could land in its content/, static/ or templates/; choose a folder beside the site's content/ (the default is _pdf)", out, source)
	}
	return checkInside(source, out, "_pdf")
}

// checkInside refuses an output folder inside the site's content/, static/
// or templates/.
func checkInside(source, out, byDefault string) error {
	src, dst := realPath(source), realPath(out)
	for _, dir := range []string{"content", "static", "templates"} {
		if within(dst, filepath.Join(src, dir)) {
			return fmt.Errorf("--out %s is inside the site's %s/ folder: the next build would publish this output as part of the site; choose a folder outside content/, static/ and templates/ (the default is %s)", out, dir, byDefault)
		}
	}
	return nil
}

// realPath makes p absolute with symlinks resolved, as far as it exists.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest)
		}
		if dir == filepath.Dir(dir) {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports p equal to dir or below it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
