package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"keel/internal/corpus"
)

// A build killed with SIGKILL at any moment leaves the output folder exactly
// as it was before (or, when the kill came after the swap, exactly the new
// output): never a mix, never missing. Builds run as real child processes
// (this test binary re-executed as keel) and alternate between two different
// sites, so every kill interrupts a build that would change the output.
func TestKilledBuildLeavesOutputIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site several times")
	}
	t0 := time.Now()
	base := t.TempDir()
	sites := [2]string{filepath.Join(base, "a"), filepath.Join(base, "b")}
	for i, dir := range sites {
		if err := corpus.Generate(dir, 30, int64(i+1)); err != nil {
			t.Fatal(err)
		}
		sites[i] = filepath.Join(dir, "keel")
	}
	// The complete output of each site, built in this process: site a into
	// the output folder the kills will aim at, site b beside it.
	out := filepath.Join(base, "out")
	var want [2]map[string][]byte
	var full time.Duration
	for i, dir := range []string{out, filepath.Join(base, "ref-b")} {
		start := time.Now()
		if code, _, stderr := runKeel("build", "--source", sites[i], "--out", dir); code != 0 {
			t.Fatalf("build %s: %s", sites[i], stderr)
		}
		full = time.Since(start)
		want[i] = snapshot(t, dir)
	}
	if len(want[0]) < 100 {
		t.Fatalf("the site is too small to kill a build in the middle: %d files", len(want[0]))
	}
	cur := 0

	seed := uint64(time.Now().UnixNano())
	t.Logf("set up in %v; a build takes %v; seed %d", time.Since(t0), full, seed)
	r := rand.New(rand.NewPCG(seed, 0))
	kills, completed := 0, 0
	for range 5 {
		next := 1 - cur
		cmd := childBuild(sites[next], out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(r.Int64N(int64(full) * 12 / 10)))
		cmd.Process.Kill() // SIGKILL
		if err := cmd.Wait(); err != nil {
			kills++
		} else {
			completed++
			full /= 2 // builds with a warm cache are faster than the first: aim earlier
		}
		cur = match(t, snapshot(t, out), want, cur)
	}
	t.Logf("%d builds killed, %d finished before the kill", kills, completed)
	// The next build clears what killed builds left beside the output.
	if err := childBuild(sites[1-cur], out).Run(); err != nil {
		t.Fatal(err)
	}
	match(t, snapshot(t, out), want, -1)
	if left, _ := filepath.Glob(out + ".*"); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	t.Logf("%d of 6 builds killed", kills)
	if kills == 0 {
		t.Error("no build was killed mid-way; the test proved nothing")
	}
}

// childBuild is keel build run by a child process.
func childBuild(src, out string) *exec.Cmd {
	args, _ := json.Marshal([]string{"build", "--source", src, "--out", out})
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+string(args))
	return cmd
}

// match says which of the complete outputs got is, byte for byte, and fails
// the test when it is neither. prev names the output expected when the build
// was killed (-1: must be complete, either one).
func match(t *testing.T, got map[string][]byte, want [2]map[string][]byte, prev int) int {
	t.Helper()
	for i, w := range want {
		if equalFiles(got, w) {
			return i
		}
	}
	if prev >= 0 {
		diff := diffFiles(got, want[prev])
		t.Fatalf("after a killed build the output is neither the previous nor the new site; against the previous: %s", diff)
	}
	t.Fatal("the output is neither site")
	return -1
}

func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, data := range a {
		if other, ok := b[p]; !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}

func diffFiles(got, want map[string][]byte) string {
	var out []string
	for p, data := range want {
		if g, ok := got[p]; !ok {
			out = append(out, "missing "+p)
		} else if !bytes.Equal(g, data) {
			out = append(out, "changed "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return strings.Join(out, ", ")
}

// snapshot reads every file below dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The same for builds that render only an edited page and reuse the rest of
// the previous output (the persistent cache and the spare folder): a kill at
// any moment leaves the previous or the new output, and the next build is
// exact.
func TestKilledIncrementalBuildLeavesOutputIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site several times")
	}
	base := t.TempDir()
	if err := corpus.Generate(base, 60, 3); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(base, "keel")
	var page string
	filepath.WalkDir(filepath.Join(site, "content", "manuals"), func(p string, d fs.DirEntry, err error) error {
		if page == "" && err == nil && !d.IsDir() && d.Name() != "_index.md" {
			page = p
		}
		return nil
	})
	orig, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	versions := [2][]byte{orig, append(append([]byte{}, orig...), "\nA paragraph added by an edit.\n"...)}
	var want [2]map[string][]byte
	for i, v := range versions {
		os.WriteFile(page, v, 0o644)
		ref := filepath.Join(base, "ref", strconv.Itoa(i))
		if code, _, stderr := runKeel("build", "--source", site, "--out", ref); code != 0 {
			t.Fatalf("build: %s", stderr)
		}
		want[i] = snapshot(t, ref)
	}
	out := filepath.Join(base, "out")
	cur := 1 // the tree holds the edited version now
	if err := childBuild(site, out).Run(); err != nil {
		t.Fatal(err)
	}
	// Kill times spread over an incremental build's duration.
	os.WriteFile(page, versions[0], 0o644)
	start := time.Now()
	if err := childBuild(site, out).Run(); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	cur = 0
	match(t, snapshot(t, out), want, cur)

	seed := uint64(time.Now().UnixNano())
	t.Logf("an incremental build takes %v; seed %d", full, seed)
	r := rand.New(rand.NewPCG(seed, 0))
	kills := 0
	for range 6 {
		os.WriteFile(page, versions[1-cur], 0o644)
		cmd := childBuild(site, out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(r.Int64N(int64(full) * 12 / 10)))
		cmd.Process.Kill()
		if cmd.Wait() != nil {
			kills++
		}
		got := match(t, snapshot(t, out), want, cur)
		if got != cur && got != 1-cur {
			t.Fatalf("unexpected output %d", got)
		}
		cur = 1 - cur // the tree holds this version now, whatever the output shows
	}
	if err := childBuild(site, out).Run(); err != nil {
		t.Fatal(err)
	}
	if got := match(t, snapshot(t, out), want, -1); got != cur {
		t.Errorf("the build after the kills gave version %d of the page, the tree holds %d", got, cur)
	}
	t.Logf("%d of 6 builds killed", kills)
	if kills == 0 {
		t.Error("no build was killed mid-way; the test proved nothing")
	}
}
