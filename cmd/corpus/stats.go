package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// sample is one timed run, as scripts/bench records it: one TSV line
// "size tool run wall_seconds cpu_seconds rss_kb exit".
type sample struct {
	size      int
	tool      string
	wall, cpu float64 // seconds
	rssMB     float64
	exit      int
}

func parseSamples(r io.Reader) ([]sample, error) {
	var out []sample
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 7 {
			return nil, fmt.Errorf("line %d: want 7 fields, got %d", line, len(f))
		}
		var s sample
		var rss float64
		var err error
		nums := []*float64{&s.wall, &s.cpu, &rss}
		for i, p := range nums {
			if *p, err = strconv.ParseFloat(f[3+i], 64); err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
		}
		if s.size, err = strconv.Atoi(f[0]); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		if s.exit, err = strconv.Atoi(f[6]); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		s.tool = f[1]
		s.rssMB = rss / 1024
		out = append(out, s)
	}
	return out, sc.Err()
}

// summary is the median and range of one measure.
type summary struct{ med, min, max float64 }

func summarize(xs []float64) summary {
	if len(xs) == 0 {
		return summary{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return summary{m, s[0], s[len(s)-1]}
}

func (s summary) format(prec int) string {
	return fmt.Sprintf("%.*f (%.*f–%.*f)", prec, s.med, prec, s.min, prec, s.max)
}

type toolStats struct {
	runs           int
	failed         int
	wall, cpu, rss summary
}

func collect(samples []sample, size int, tool string) (toolStats, bool) {
	var st toolStats
	var wall, cpu, rss []float64
	// Failed runs (an error exit, or killed) are counted but left out of the
	// figures, unless every run failed.
	for _, ok := range []bool{true, false} {
		for _, s := range samples {
			if s.size != size || s.tool != tool || (s.exit == 0) != ok {
				continue
			}
			st.runs++
			if !ok {
				st.failed++
				if len(wall) > 0 {
					continue
				}
			}
			wall = append(wall, s.wall)
			cpu = append(cpu, s.cpu)
			rss = append(rss, s.rssMB)
		}
	}
	st.wall, st.cpu, st.rss = summarize(wall), summarize(cpu), summarize(rss)
	return st, st.runs > 0
}

// The tools scripts/bench times, in the order they are printed, and the
// baseline each keel command is compared with.
var benchTools = []string{"keel-build", "keel-rebuild", "hugo", "keel-check"}

func statsCmd(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	in := io.Reader(os.Stdin)
	if fs.NArg() > 0 {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	samples, err := parseSamples(in)
	if err != nil {
		return err
	}
	writeStats(w, samples)
	return nil
}

func writeStats(w io.Writer, samples []sample) {
	var sizes []int
	for _, s := range samples {
		if !slices.Contains(sizes, s.size) {
			sizes = append(sizes, s.size)
		}
	}
	slices.Sort(sizes)
	for _, size := range sizes {
		fmt.Fprintf(w, "\n%d pages: median (min–max)\n", size)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "tool\truns\twall s\tCPU s\tpeak RSS MB\tfailed runs (left out)")
		all := map[string]toolStats{}
		for _, tool := range toolOrder(samples) {
			st, ok := collect(samples, size, tool)
			if !ok {
				continue
			}
			all[tool] = st
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\n", tool, st.runs, st.wall.format(2), st.cpu.format(2), st.rss.format(0), st.failed)
		}
		tw.Flush()
		h, ok := all["hugo"]
		if !ok {
			continue
		}
		for _, tool := range toolOrder(samples) {
			k, ok := all[tool]
			if !ok || !strings.HasPrefix(tool, "keel-") {
				continue
			}
			fmt.Fprintf(w, "%s / hugo (medians): wall %s, CPU %s, peak RSS %s\n", tool,
				ratio(k.wall.med, h.wall.med), ratio(k.cpu.med, h.cpu.med), ratio(k.rss.med, h.rss.med))
		}
	}
	if len(sizes) < 2 {
		return
	}
	fmt.Fprintf(w, "\nper-page cost (median wall ms / page, median CPU ms / page)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "tool"
	for _, size := range sizes {
		header += fmt.Sprintf("\t%d pages", size)
	}
	fmt.Fprintln(tw, header)
	for _, tool := range toolOrder(samples) {
		row := tool
		for _, size := range sizes {
			if st, ok := collect(samples, size, tool); ok {
				row += fmt.Sprintf("\t%.2f wall, %.2f CPU", 1000*st.wall.med/float64(size), 1000*st.cpu.med/float64(size))
			} else {
				row += "\t-"
			}
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
}

// toolOrder lists the tools present: the known ones first, in bench order, then
// any others by name.
func toolOrder(samples []sample) []string {
	var out []string
	for _, s := range samples {
		if !slices.Contains(out, s.tool) {
			out = append(out, s.tool)
		}
	}
	rank := func(t string) int {
		if i := slices.Index(benchTools, t); i >= 0 {
			return i
		}
		return len(benchTools)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	return out
}

func ratio(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f×", a/b)
}
