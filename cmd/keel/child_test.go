package main

import (
	"encoding/json"
	"os"
	"testing"
)

// childEnv makes the test binary act as keel: when it is set (to a JSON list
// of arguments), TestMain runs keel with them instead of the tests. Tests use
// it to run a build in a real child process (to kill it, or to run it as
// another user) without compiling a second binary.
const childEnv = "KEEL_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			os.Stderr.WriteString("bad " + childEnv + ": " + err.Error() + "\n")
			os.Exit(3)
		}
		os.Exit(run(list, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
