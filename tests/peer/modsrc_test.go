package peer

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// moduleDir returns where the module cache holds the source of module (at the version go.mod
// requires), downloading it when the cache lacks it.
func moduleDir(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-json", module).Output()
	require.NoError(t, err, "go list -m %s", module)
	var m struct{ Dir, Version string }
	require.NoError(t, json.Unmarshal(out, &m))
	if m.Dir == "" {
		_, err := exec.Command("go", "mod", "download", module).Output()
		require.NoError(t, err, "go mod download %s", module)
		out, err = exec.Command("go", "list", "-m", "-json", module).Output()
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(out, &m))
	}
	require.NotEmpty(t, m.Dir, "module %s is not in the module cache", module)
	return m.Dir
}

// copyTree copies the regular files under src to dst, making them writable (the module cache
// is read-only).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	require.NoError(t, err)
}

// startJudgeSim starts the simulator (with a fast clock unless opts has one) and writes its CA
// certificate to a file.
func startJudgeSim(t testing.TB, opts sim.Options) (srv *sim.Server, caFile string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if opts.Clock == nil {
		opts.Clock = sim.NewFastClock(50)
	}
	srv, err := sim.Start(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(caFile, srv.CACertPEM(), 0o600))
	return srv, caFile
}
