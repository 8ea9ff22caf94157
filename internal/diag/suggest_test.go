package diag

import "testing"

func TestNearest(t *testing.T) {
	tests := []struct {
		name       string
		want       string
		candidates []string
		got        string
	}{
		{"anchor grown longer", "tail-sampling-policy", []string{"overview", "tail-sampling", "tail"}, "tail-sampling"},
		{"anchor cut short", "rollback", []string{"prepare", "rollback-plan"}, "rollback-plan"},
		{"typo", "prerequisits", []string{"prerequisites", "steps"}, "prerequisites"},
		{"typo in a path", "content/manuals/mysql-to-postgres.md", []string{"content/manuals/mysql-to-postgresql.md", "content/manuals/redis.md"}, "content/manuals/mysql-to-postgresql.md"},
		{"nothing close", "kubernetes", []string{"overview", "rollback"}, ""},
		{"a short name in a long path", "content/nope", []string{"content/a", "content/b"}, ""},
		{"a folder is not a page it holds", "content/manuals/mysql-to-postgres", []string{"content/manuals", "content/manuals/mysql-to-postgresql"}, "content/manuals/mysql-to-postgresql"},
		{"prefix must end at a word boundary", "tails", []string{"tail"}, "tail"},
		{"no boundary, too far", "tailspin-mode", []string{"tail"}, ""},
		{"the longest prefix wins", "a-b-c-d", []string{"a", "a-b", "a-b-c"}, "a-b-c"},
		{"one letter is no basis for a guess", "content/b", []string{"content/a", "content/c"}, ""},
		{"two letters, one off", "content/ab", []string{"content/ac"}, "content/ac"},
		{"itself is not a suggestion", "steps", []string{"steps"}, ""},
		{"empty", "", []string{"a"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Nearest(tt.want, tt.candidates); got != tt.got {
				t.Errorf("Nearest(%q) = %q, want %q", tt.want, got, tt.got)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	l := List{Errorf("content/a.md", 1, 1, "x"), Errorf("content/a.md", 2, 1, "y"), Warnf("content/b.md", 1, 1, "z")}
	if got, want := l.Summary(), "2 errors, 1 warning in 2 files"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}
