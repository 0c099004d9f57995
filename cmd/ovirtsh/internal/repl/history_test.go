package repl

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistoryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hist")
	h, err := OpenHistory(path, 100)
	require.NoError(t, err)
	tests := []struct {
		chunk string
		saved bool
	}{
		{"x = 1", true},
		{"x = 1", false}, // repeats the previous entry
		{"   ", false},
		{"for i = 1, 2 do\n  print('a\\nb')\nend", true},
		{"c = ovirt.connect{url=u, username='admin@internal', password='s3cret'}", false},
		{"conn = ovirt.connect{token = t}", false},
		{"print(PASSWORD)", false},
		{"pw = 'hunter2'", false},
		{"t = types.Ticket{value='abc'}", false},
		{"conn = ovirt.connect{url=u, headers={Authorization='Basic dXNlcjpwdw=='}}", false},
		{"vm.initialization.windows_license_key = 'ABCD-1234'", false},
		{"y = 2", true},
	}
	for _, tt := range tests {
		saved, err := h.Add(tt.chunk)
		require.NoError(t, err)
		assert.Equal(t, tt.saved, saved, tt.chunk)
	}
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "x = 1\nfor i = 1, 2 do\\n  print('a\\\\nb')\\nend\ny = 2\n", string(raw))

	again, err := OpenHistory(path, 100)
	require.NoError(t, err)
	assert.Equal(t, []string{"x = 1", "for i = 1, 2 do\n  print('a\\nb')\nend", "y = 2"}, again.Entries())
}

func TestHistoryTightensModeAndTrims(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hist")
	require.NoError(t, os.WriteFile(path, []byte("a\nb\nc\nd\n"), 0o644))
	require.NoError(t, os.Chmod(path, 0o644))
	h, err := OpenHistory(path, 2)
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "d"}, h.Entries())
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "c\nd\n", string(raw))
}
