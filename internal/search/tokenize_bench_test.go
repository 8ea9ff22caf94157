package search

import "testing"

// The index phase's parts on the synthetic portal (genDocs: prose, tags,
// identifiers, a tenth of the pages in Chinese). No timed assertions: run
// with go test -bench 'Analyze|Invert' -benchmem.

func BenchmarkAnalyze(b *testing.B) {
	docs := genDocs(1000)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			Analyze(d)
		}
	}
}

func BenchmarkInvert(b *testing.B) {
	docs := genDocs(2000)
	b.ReportAllocs()
	for b.Loop() {
		invert(docs, nil, nil)
	}
}
