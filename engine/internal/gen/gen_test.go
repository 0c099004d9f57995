package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGeneratedFilesAreFresh fails when a generated file differs from what the generator makes from
// engine/model/model.json: run `go generate ./...` after changing the generator or the model.
func TestGeneratedFilesAreFresh(t *testing.T) {
	root, err := findRoot()
	require.NoError(t, err)
	outs, err := generate(root)
	require.NoError(t, err)
	require.Len(t, outs, len(emitters))
	for path, want := range outs {
		got, err := os.ReadFile(filepath.Join(root, path))
		require.NoError(t, err, "generated file missing: run go generate ./...")
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./...", path)
		}
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"disk_attachments": "DiskAttachments",
		"id":               "Id",
		"wait_for_launch":  "WaitForLaunch",
		"x86_64":           "X8664",
		"ipv6":             "Ipv6",
		"a-b.c":            "ABC",
	} {
		require.Equal(t, want, goName(in), in)
	}
}

func TestModelLoadsWithCounts(t *testing.T) {
	root, err := findRoot()
	require.NoError(t, err)
	m, err := loadModel(filepath.Join(root, modelPath))
	require.NoError(t, err)
	require.Len(t, m.structs(), 220)
	require.Len(t, m.enums(), 115)
	require.Len(t, m.Services, 288)
}
