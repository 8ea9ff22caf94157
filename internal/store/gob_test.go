package store

import (
	"os"
	"path/filepath"
	"testing"
)

type gobValue struct {
	Name  string
	Files map[string]int
}

// GetGob decodes from the pack as it reads: a record damaged anywhere (the
// key, the data the decoder reads, the data after it, the checksum) is a
// miss, and an intact one decodes.
func TestGetGobChecksEveryByte(t *testing.T) {
	want := gobValue{Name: "live", Files: map[string]int{"a.html": 1, "b/index.html": 2}}
	for _, tc := range []struct {
		name string
		at   func(n int) int // which byte of the pack to flip; -1 none
		ok   bool
	}{
		{"intact", func(int) int { return -1 }, true},
		{"key", func(int) int { return 2 }, false},
		{"data start", func(int) int { return 12 }, false},
		{"data middle", func(n int) int { return n / 2 }, false},
		{"last data byte", func(n int) int { return n - 5 }, false},
		{"checksum", func(n int) int { return n - 1 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := Open(dir, "s")
			tx := s.Begin()
			tx.PutGob("v", want)
			tx.Commit()
			p := filepath.Join(dir, packFile)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if i := tc.at(len(b)); i >= 0 {
				b[i] ^= 0x55
				os.WriteFile(p, b, 0o644)
			}
			var got gobValue
			ok := Open(dir, "s").Begin().GetGob("v", &got)
			if ok != tc.ok {
				t.Fatalf("GetGob = %v, want %v", ok, tc.ok)
			}
			if ok && (got.Name != want.Name || len(got.Files) != 2 || got.Files["b/index.html"] != 2) {
				t.Errorf("decoded %+v, want %+v", got, want)
			}
		})
	}
}
