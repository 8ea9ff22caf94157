package search

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestBuildDeterministic(t *testing.T) {
	docs, _ := fixtureDocs("/")
	a, b := Build(docs), Build(docs)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %s differs between two builds", a[i].Path)
		}
	}
	if !slices.IsSortedFunc(a, func(x, y File) int { return strings.Compare(x.Path, y.Path) }) {
		t.Error("files not sorted by path")
	}
}

func TestQueryRoundTrip(t *testing.T) {
	pub, internal := fixtureDocs("/sub/")
	all := append(slices.Clone(pub), internal)
	urls := func(docs []Doc) func(r Results) []string {
		return func(r Results) []string {
			var out []string
			for _, h := range r.Hits {
				out = append(out, h.URL)
			}
			return out
		}
	}(all)
	tests := []struct {
		name, q string
		f       Filters
		docs    []Doc
		want    []string
	}{
		{"title and tags outrank one mention", "postgresql", Filters{}, pub, []string{
			"/sub/manuals/mysql-to-postgresql/", "/sub/blueprints/postgresql-platform/", "/sub/manuals/db-migration-zh/#准备工作"}},
		{"all words required", "postgresql rollback", Filters{}, pub, []string{"/sub/manuals/mysql-to-postgresql/#rollback"}},
		{"stemmed forms meet", "upgrading replicas", Filters{}, pub, []string{"/sub/manuals/redis-upgrade/#replica-first"}},
		{"prefix of the last word", "postg", Filters{}, pub, []string{
			"/sub/manuals/mysql-to-postgresql/", "/sub/blueprints/postgresql-platform/", "/sub/manuals/db-migration-zh/#准备工作"}},
		{"no prefix after a space", "postg ", Filters{}, pub, nil},
		{"chinese bigram", "迁移", Filters{}, pub, []string{"/sub/manuals/db-migration-zh/"}},
		{"chinese single character", "缓", Filters{}, pub, []string{"/sub/blueprints/cache-zh/"}},
		{"chinese section", "回滚", Filters{}, pub, []string{"/sub/manuals/db-migration-zh/#回滚方案"}},
		{"identifier", "pg_dump", Filters{}, pub, []string{"/sub/manuals/mysql-to-postgresql/#export-with-pg_dump"}},
		{"identifier part", "max_connections", Filters{}, pub, []string{
			"/sub/blueprints/postgresql-platform/#connection-pooling", "/sub/manuals/mysql-to-postgresql/"}},
		{"kind filter", "postgresql", Filters{Kinds: []string{"manual"}}, pub, []string{
			"/sub/manuals/mysql-to-postgresql/", "/sub/manuals/db-migration-zh/#准备工作"}},
		{"kind token in query", "postgresql kind:blueprint", Filters{}, pub, []string{"/sub/blueprints/postgresql-platform/"}},
		{"filters alone find nothing", "status:accepted", Filters{}, pub, nil},
		{"status token", "platform status:in-progress", Filters{}, pub, []string{"/sub/blueprints/postgresql-platform/"}},
		{"title match beats body match", "migration", Filters{}, pub, []string{"/sub/manuals/mysql-to-postgresql/", "/sub/about/"}},
		{"heading match opens the section", "tracing", Filters{}, pub, []string{"/sub/blueprints/observability/#tracing"}},
		{"tag and owner indexed", "li.wei database", Filters{}, pub, []string{
			"/sub/blueprints/postgresql-platform/#why", "/sub/manuals/mysql-to-postgresql/"}},
		{"internal word in internal edition", "zephyrine", Filters{}, all, []string{"/sub/blueprints/zephyrine-budget/"}},
		{"internal word in public edition", "zephyrine", Filters{}, pub, nil},
		{"nothing", "kubernetes", Filters{}, pub, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Open(Build(tt.docs))
			if err != nil {
				t.Fatal(err)
			}
			r, err := ix.Query(tt.q, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := urls(r); !slices.Equal(got, tt.want) {
				t.Errorf("Query(%q) = %q, want %q", tt.q, got, tt.want)
				for _, h := range r.Hits {
					t.Logf("  %d %s %s", h.Score, h.URL, h.Snippet)
				}
			}
		})
	}
}
