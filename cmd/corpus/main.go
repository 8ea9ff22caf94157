// Command corpus generates the benchmark corpus and helps scripts/bench measure it.
//
//	corpus -n 10000 -seed 1 -out DIR     write DIR/keel and DIR/hugo
//	corpus -profile prose -n 10000 ...   the prose-heavy profile
//	corpus stats FILE                    summarise timings (TSV: size tool run wall cpu rss exit)
//	corpus reload-latency [flags]        time edit -> reload for keel serve and hugo server
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"keel/internal/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "stats":
			return statsCmd(args[1:], stdout)
		case "reload-latency":
			return reloadCmd(args[1:], stdout)
		}
	}
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	n := fs.Int("n", 1000, "number of regular pages")
	seed := fs.Int64("seed", 1, "random seed")
	out := fs.String("out", "", "output directory (gets keel/ and hugo/)")
	profile := fs.String("profile", "default", "corpus profile: default (2–4 code blocks per page, sections of 40 pages) or prose (longer prose, 1–3 code blocks, Chinese in a third of the pages, sections of up to 500 pages)")
	translate := fs.Bool("translate", false, "make the keel site bilingual: a page.zh.md translation of every page (languages: [en, zh])")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("-out is required")
	}
	return corpus.GenerateWith(*out, *n, *seed, corpus.Options{Translate: *translate, Profile: *profile})
}
