package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPathTraversal sends each escape attempt byte for byte over TCP (a
// client library would clean the paths first). The working directory holds
// a secret file and a symlink to it, and a secret lies beside the site's
// directory: a server that touched the disk would leak it.
func TestPathTraversal(t *testing.T) {
	dir := t.TempDir()
	const secret = "TOPSECRET"
	siteDir := filepath.Join(dir, "site")
	must(t, os.MkdirAll(siteDir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o600))
	must(t, os.WriteFile(filepath.Join(siteDir, "secret.txt"), []byte(secret), 0o600))
	must(t, os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(siteDir, "link.txt")))
	t.Chdir(siteDir)
	abs := filepath.ToSlash(filepath.Join(dir, "secret.txt"))

	ts := httptest.NewServer(newServer(t, Options{}))
	defer ts.Close()

	tests := []struct {
		target string
		status int
	}{
		{"/../secret.txt", 400},
		{"/a/../../secret.txt", 400},
		{"/a/..", 400},
		{"/%2e%2e/secret.txt", 400},
		{"/%2E%2E/secret.txt", 400},
		{"/.%2e/secret.txt", 400},
		{"/..%2fsecret.txt", 400},
		{"/%2e%2e%2fsecret.txt", 400},
		{"/a%2f..%2f..%2fsecret.txt", 400},
		{"/a%2Fb/", 400},
		{`/..\secret.txt`, 400},
		{`/a\..\..\secret.txt`, 400},
		{"/%5c..%5csecret.txt", 400},
		{"/secret.txt%00.html", 400},
		{"/%252e%252e/secret.txt", 404}, // double-encoded: a literal name, not in the site
		{"/secret.txt", 404},            // in the working directory
		{"/link.txt", 404},              // a symlink in the working directory
		{abs, 404},                      // absolute path
		{"/" + abs, 404},
		{"//" + strings.TrimPrefix(abs, "/"), 404},
		{"/" + filepath.ToSlash(siteDir) + "/secret.txt", 404},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			status, body := rawGet(t, ts.Listener.Addr().String(), tt.target)
			if strings.Contains(body, secret) {
				t.Fatalf("secret leaked: %d %q", status, body)
			}
			if status != tt.status {
				t.Errorf("status = %d, want %d", status, tt.status)
			}
		})
	}
}

// rawGet sends target exactly as written in the request line.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
