package pdf

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	keel "keel"
)

var (
	bboxPageRE = regexp.MustCompile(`<page [^>]*>`)
	bboxWordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)
)

// boxBeside looks, on the page of the PDF where word first appears, at the
// strip just left of it (rendered at 72 dpi, so pixels are points): a
// checklist item's printed box is a dark outline there, empty inside for an
// unticked item and filled for a ticked one.
func boxBeside(t *testing.T, file, word string) (found, filled bool) {
	t.Helper()
	pages := bboxPageRE.Split(tool(t, "pdftotext", "-bbox", file, "-"), -1)[1:]
	for i, page := range pages {
		for _, m := range bboxWordRE.FindAllStringSubmatch(page, -1) {
			if m[4] != word {
				continue
			}
			x, _ := strconv.ParseFloat(m[1], 64)
			y0, _ := strconv.ParseFloat(m[2], 64)
			y1, _ := strconv.ParseFloat(m[3], 64)
			img := grayPage(t, file, i+1)
			minX, minY, maxX, maxY, dark := 1<<30, 1<<30, -1, -1, 0
			for py := int(y0) - 3; py <= int(y1)+3; py++ {
				for px := int(x) - 24; px < int(x)-2; px++ {
					if img.at(px, py) < 128 {
						dark++
						minX, minY, maxX, maxY = min(minX, px), min(minY, py), max(maxX, px), max(maxY, py)
					}
				}
			}
			if dark < 12 || maxX-minX < 6 || maxY-minY < 6 {
				return false, false
			}
			return true, img.at((minX+maxX)/2, (minY+maxY)/2) < 128
		}
	}
	t.Fatalf("%s: no word %q", file, word)
	return false, false
}

type gray struct {
	w, h int
	pix  []byte
}

func (g gray) at(x, y int) byte {
	if x < 0 || y < 0 || x >= g.w || y >= g.h {
		return 255
	}
	return g.pix[y*g.w+x]
}

// grayPage renders one page as a PGM (P5) at 72 dpi.
func grayPage(t *testing.T, file string, page int) gray {
	root := filepath.Join(t.TempDir(), "p")
	tool(t, "pdftoppm", "-gray", "-r", "72", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-singlefile", file, root)
	data, err := os.ReadFile(root + ".pgm")
	if err != nil {
		t.Fatal(err)
	}
	var w, h, maxv int
	var magic string
	n, err := fmt.Fscan(bytes.NewReader(data), &magic, &w, &h, &maxv)
	if err != nil || n != 4 || magic != "P5" {
		t.Fatalf("%s page %d: not a PGM: %v", file, page, err)
	}
	// the header is four fields and one whitespace byte after the last
	header := len(data) - w*h
	if header < 0 {
		t.Fatalf("short PGM")
	}
	return gray{w, h, data[header:]}
}

// A printed manual's checklist is a column of empty boxes to tick with a
// pen, even for an item the source writes "- [x]": in a manual the ticks
// belong to the reader (the browser keeps them), and keel pdf's browser has
// none.
func TestPDFChecklistBoxes(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	writeSite(t, dir, leakSite)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Run(ctx, Options{Source: dir, Audience: "public", Out: filepath.Join(dir, "out"), Theme: keel.Theme(), Paths: []string{"content/manuals/pg.md"}})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("keel pdf: %v %v", err, res.Diags)
	}
	for _, c := range []struct {
		word   string
		box    bool
		filled bool
	}{
		{"Take", true, false},    // - [ ] Take a backup
		{"Book", true, false},    // - [x] Book the window
		{"Switch", false, false}, // a paragraph: no box
	} {
		found, filled := boxBeside(t, res.Files[0], c.word)
		if found != c.box || filled != c.filled {
			t.Errorf("beside %q: box %v filled %v, want box %v filled %v", c.word, found, filled, c.box, c.filled)
		}
	}
}
