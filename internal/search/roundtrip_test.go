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
		{"no prefix after a space", "pgloa ", Filters{}, pub, nil}, // and too far from pgloader to be corrected
		{"chinese bigram", "迁移", Filters{}, pub, []string{"/sub/manuals/db-migration-zh/"}},
		{"chinese single character", "缓", Filters{}, pub, []string{"/sub/blueprints/cache-zh/"}},
		{"chinese section", "回滚", Filters{}, pub, []string{"/sub/manuals/db-migration-zh/#回滚方案"}},
		{"identifier", "pg_dump", Filters{}, pub, []string{"/sub/manuals/mysql-to-postgresql/#export-with-pg_dump"}},
		{"identifier part", "max_connections", Filters{}, pub, []string{
			"/sub/blueprints/postgresql-platform/#connection-pooling", "/sub/manuals/mysql-to-postgresql/"}},
		{"kind filter", "postgresql", Filters{Kinds: []string{"manual"}}, pub, []string{
			"/sub/manuals/mysql-to-postgresql/", "/sub/manuals/db-migration-zh/#准备工作"}},
		{"kind token in query", "postgresql kind:blueprint", Filters{}, pub, []string{"/sub/blueprints/postgresql-platform/"}},
		{"filters alone list their pages", "status:accepted", Filters{}, pub, []string{"/sub/blueprints/observability/"}},
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

func TestQueryEmptyIndex(t *testing.T) {
	ix, err := Open(Build(nil))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Query("anything kind:manual", Filters{Facets: true})
	if err != nil || r.Total != 0 || len(r.Hits) != 0 {
		t.Errorf("Query on an empty index = %+v, %v", r, err)
	}
}

func TestQueryFacets(t *testing.T) {
	pub, _ := fixtureDocs("/")
	ix, err := Open(Build(pub))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Query("platform", Filters{Kinds: []string{"blueprint"}, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	// Counts are taken before the filter, so the chips show what else matches.
	if r.Kinds["blueprint"] != 2 || r.Kinds["manual"] != 2 || r.Statuses["in-progress"] != 1 || r.Statuses["done"] != 1 {
		t.Errorf("facets = %v %v", r.Kinds, r.Statuses)
	}
	if r.Total != 2 {
		t.Errorf("total = %d, want the 2 blueprints", r.Total)
	}
}

func TestQueryLoadsOnlyWhatItNeeds(t *testing.T) {
	pub, _ := fixtureDocs("/")
	ix, err := Open(Build(pub))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Query("postgresql ", Filters{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	paths, _ := ix.Loaded()
	// meta, the term's bucket, one fragment; no dictionary (the word is
	// finished), no deletion buckets (the word finds pages) and no
	// cats.json (no filter).
	if len(paths) != 3 || paths[0] != "search/meta.json" || !strings.HasPrefix(paths[1], "search/t/") || paths[2] != "search/f/0.json" {
		t.Errorf("loaded %q", paths)
	}
}

func TestPrefixWordWeighsLikeItsCommonTerm(t *testing.T) {
	docs := []Doc{
		{URL: "/dev/", Title: "Development environment", Lead: "Start the add-ons with make addons ONLY=postgres redis."},
		{URL: "/pg/", Title: "MySQL to PostgreSQL", Lead: "Move to PostgreSQL 16."},
		{URL: "/pg2/", Title: "PostgreSQL platform", Lead: "One PostgreSQL for all teams."},
	}
	ix, err := Open(Build(docs))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Query("postgres", Filters{})
	if err != nil {
		t.Fatal(err)
	}
	// The rare exact stem "postgr" must not outrank PostgreSQL in titles.
	if len(r.Docs) != 3 || r.Docs[2] != 0 {
		t.Errorf("order = %v, want the development page last", r.Docs)
	}
}
