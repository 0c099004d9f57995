package verbs_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
)

// TestConsoleOpensRemoteViewer: without --file, console starts remote-viewer on a file only its
// owner reads, and removes the file once the viewer ends; without remote-viewer it says to
// use --file.
func TestConsoleOpensRemoteViewer(t *testing.T) {
	f := start(t)
	dir := t.TempDir()
	var started []string
	var content string
	var mode os.FileMode
	env := verbs.Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, TempDir: dir,
		LookPath: func(file string) (string, error) { return "/opt/bin/" + file, nil },
		Start: func(_ context.Context, path string, args ...string) error {
			started = append([]string{path}, args...)
			data, err := os.ReadFile(args[0])
			require.NoError(t, err)
			st, err := os.Stat(args[0])
			require.NoError(t, err)
			content, mode = string(data), st.Mode().Perm()
			return nil
		}}
	require.NoError(t, verbs.Run(context.Background(), f.conn, []string{"console", "vm", "vm1"}, env))
	require.Len(t, started, 2)
	assert.Equal(t, "/opt/bin/remote-viewer", started[0])
	assert.Contains(t, content, "[virt-viewer]")
	assert.Contains(t, content, "password=")
	assert.Equal(t, os.FileMode(0o600), mode)
	_, err := os.Stat(started[1])
	assert.True(t, errors.Is(err, os.ErrNotExist), "the file holding the ticket is removed")

	env.LookPath = func(string) (string, error) { return "", errors.New("not found") }
	err = verbs.Run(context.Background(), f.conn, []string{"console", "vm", "vm1"}, env)
	assert.True(t, verbs.IsUsage(err))
	assert.Contains(t, err.Error(), "--file")

	_, _, err = f.run("console vm vm2") // down: no ticket for a VM that is not running
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not running")
	_, _, err = f.run("console host host1")
	assert.True(t, verbs.IsUsage(err))
}
