package pdf

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

// fakePDF lays out objects (number → dictionary) as Skia does: one per
// "N 0 obj … endobj", a classic xref table, a trailer naming the catalog.
func fakePDF(objs map[int]string, root int) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	last := 0
	for n := range objs {
		last = max(last, n)
	}
	offsets := make([]int, last+1)
	for n := 1; n <= last; n++ {
		if body, ok := objs[n]; ok {
			offsets[n] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
		}
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", last+1)
	for n := 1; n <= last; n++ {
		if offsets[n] == 0 {
			b.WriteString("0000000000 65535 f \n")
			continue
		}
		fmt.Fprintf(&b, "%010d 00000 n \n", offsets[n])
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF", last+1, root, xref)
	return []byte(b.String())
}

func TestDestPages(t *testing.T) {
	// A nested page tree (pages 10, 11 under 3; 12 directly under 2), stream
	// objects in between, and names as Chromium writes them: #xx escapes of
	// a percent-encoded fragment (Chinese ids), and ids with "stream" in them.
	objs := map[int]string{
		1:  "<</Type /Catalog\n/Pages 2 0 R\n/Dests 4 0 R\n/Outlines 9 0 R>>",
		2:  "<</Type /Pages\n/Count 3\n/Kids [3 0 R 12 0 R]>>",
		3:  "<</Type /Pages\n/Count 2\n/Parent 2 0 R\n/Kids [10 0 R 11 0 R]>>",
		4:  "<</main [10 0 R /XYZ 0 841.9 0]\n/live-streaming [11 0 R /XYZ 0 300 0]\n/#25e6#2595#25b0#25e6#258d#25ae [12 0 R /XYZ 0 208 0]\n/gone [99 0 R /XYZ 0 1 0]>>",
		5:  "<</Length 12>> stream\nx endobj y\nendstream",
		10: "<</Type /Page\n/Parent 3 0 R\n/Contents 5 0 R>>",
		11: "<</Type /Page\n/Parent 3 0 R>>",
		12: "<</Type /Page\n/Parent 2 0 R>>",
	}
	got, err := destPages(fakePDF(objs, 1))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"main": 1, "live-streaming": 2, "数据": 3}
	if !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for name, data := range map[string][]byte{
		"no xref":      []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"),
		"no dests":     fakePDF(map[int]string{1: "<</Type /Catalog\n/Pages 2 0 R>>", 2: "<</Type /Pages\n/Kids []>>"}, 1),
		"missing root": fakePDF(map[int]string{2: "<<>>"}, 1),
	} {
		if _, err := destPages(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// A damaged or unexpected PDF never panics: the contents simply get no
// page numbers.
func FuzzDestPages(f *testing.F) {
	f.Add(fakePDF(map[int]string{1: "<</Pages 2 0 R /Dests 3 0 R>>", 2: "<</Kids [2 0 R 4 0 R]>>", 3: "<</a [4 0 R]>>", 4: "<<>>"}, 1))
	f.Add([]byte("startxref\n5\n%%EOF"))
	f.Add([]byte("xref\n0 99999999\nstartxref\n0\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		destPages(data)
	})
}
