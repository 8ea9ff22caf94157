package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keel/internal/meta"
)

// FuzzDatesPlaced: a blueprint's milestone due dates, horizon, date and review
// date are either refused at their own position or accepted, and then every
// dated view places them: each milestone sits in the roadmap column of its
// quarter, the roadmap spans a bounded number of quarters, and the review list
// and the recent list hold the page. A year typo (0202) once made the
// roadmap index column -1 and crash check, build and serve.
func FuzzDatesPlaced(f *testing.F) {
	for _, s := range [][4]string{
		{"2026-Q1", "2027-03-31", "2027-H1", "2026-01-01"},
		{"0202-03-01", "2026-Q2", "0202", "0202-03-01"},
		{"1900-Q1", "2200-Q4", "9999", "2200-12-31"},
		{"1900-01-01", "2200-12-31", "2200-H2", "1900-01-01T23:59:59-12:00"},
		{"2201-Q1", "9999-12-31", "", "1899-12-31T23:00:00-12:00"},
		{"2026-Q5", "2026-02-30", "2026-Q9", "2200-12-31T23:59:59+14:00"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, due1, due2, horizon, date string) {
		for _, s := range []string{due1, due2, horizon, date} {
			if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r > '~' || r == '"' || r == '\\' }) {
				return // keep the YAML a plain double-quoted scalar
			}
		}
		fm := fmt.Sprintf("title: B\nstatus: accepted\naudience: public\nhorizon: \"%s\"\ndate: \"%s\"\nreviewed: \"%s\"\nreview_every: 1y\n"+
			"milestones:\n  - {title: M1, due: \"%s\", status: planned}\n  - {title: M2, due: \"%s\", status: done}\n", horizon, date, date, due1, due2)
		m, diags := meta.Decode("content/blueprints/b.md", []byte(fm), 2, false)
		if diags.HasErrors() {
			for _, d := range diags {
				if d.Line < 2 || d.Col < 1 {
					t.Fatalf("error without the value's position: %v", d)
				}
			}
			return
		}
		s, _ := Build(Input{
			Config:   fuzzConfig(t),
			Docs:     []Doc{doc(t, "content/_index.md", "title: Home\naudience: public\n", nil), {Path: "content/blueprints/b.md", Meta: m, FMLine: 2}},
			Audience: "public",
			Now:      time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		})
		checkRoadmap(t, s.Roadmap())
		recent := s.Recent(30)
		if len(recent) != 1 || recent[0].Path != "content/blueprints/b.md" {
			t.Errorf("recent list: %v", recent)
		}
		if stale := s.Stale(); !m.Reviewed.IsZero() && s.Pages[0].Stale != (len(stale) == 1) {
			t.Errorf("review list %v does not agree with the page's stale mark", stale)
		}
	})
}

// checkRoadmap: both milestones placed, each in its own quarter's column.
func checkRoadmap(t *testing.T, rm Roadmap) {
	t.Helper()
	if rm.Milestones != 2 {
		t.Fatalf("roadmap places %d of 2 milestones (quarters %d)", rm.Milestones, len(rm.Quarters))
	}
	placed := 0
	for _, l := range rm.Lanes {
		for _, row := range l.Rows {
			for qi, cell := range row.Cells {
				for _, it := range cell {
					placed++
					if rm.Quarters[qi] != it.Quarter {
						t.Errorf("milestone due %s (quarter %s) in column %s", it.Due, it.Quarter, rm.Quarters[qi])
					}
				}
			}
		}
	}
	if placed != 2 {
		t.Errorf("%d milestones in the roadmap's cells, want 2", placed)
	}
}
