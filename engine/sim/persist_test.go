package sim

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	s := newStore(7)
	vms := s.coll("vms", node("Vms"))
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	id := s.newID()
	vms.put(&types.Vm{Id: types.Ptr(id), Name: types.Ptr("web1"), Status: types.Ptr(types.VmStatusUp),
		Memory: types.Ptr(int64(1 << 30)), CreationTime: &now,
		Cluster: &types.Cluster{Id: types.Ptr("c1"), Href: types.Ptr("/ovirt-engine/api/clusters/c1")}})
	nics := s.coll("vms/"+id+"/nics", node("VmNics"))
	nics.put(&types.Nic{Id: types.Ptr("n1"), Name: types.Ptr("nic1")})
	s.nextSeq("event")
	next := s.newID()

	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, s.save(path, now))
	// a second save replaces the file and leaves no temporary files behind
	require.NoError(t, s.save(path, now))
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1)

	l, err := loadStore(path, 7)
	require.NoError(t, err)
	assert.Equal(t, s.paths(), l.paths())
	got, ok := l.lookup("vms").get(id)
	require.True(t, ok)
	want, _ := vms.get(id)
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"n1"}, l.lookup("vms/"+id+"/nics").order)
	assert.Equal(t, int64(2), l.nextSeq("event"))
	assert.Equal(t, s.newID(), l.newID(), "the id generator continues where it stopped")
	assert.NotEqual(t, next, l.newID())

	l.remove(l.lookup("vms"), id)
	assert.Nil(t, l.lookup("vms/"+id+"/nics"), "removing an entity drops its sub-collections")
}

func TestLoadErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	tests := []struct {
		name, path, msg string
	}{
		{"missing", filepath.Join(dir, "nosuch.json"), "no such file"},
		{"empty", write("empty.json", ""), "file is empty"},
		{"truncated", write("trunc.json", `{"format":"ovirtsh-sim-state/1","collections":[{"path":"vms"`), "unexpected EOF"},
		{"not json", write("text.json", "hello"), "invalid character"},
		{"other format", write("other.json", `{"format":"something/2"}`), `format "something/2"`},
		{"bad service", write("svc.json", `{"format":"ovirtsh-sim-state/1","id_state":null,"collections":[{"path":"x","service":"Nope","type":"Vm"}]}`), `unknown service "Nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadStore(tt.path, 0)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.path)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestSaveFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))
	s := newStore(1)
	require.NoError(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	err := s.save(path, time.Now())
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
	b, _ := os.ReadFile(path)
	assert.Equal(t, "old", string(b))
}
