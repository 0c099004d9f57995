package sim

import (
	"bufio"
	"bytes"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashCopy copies the state file and its journal of a running simulator to a new directory,
// as a kill -9 would leave them (Close never runs on the copy).
func crashCopy(t *testing.T, state string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{state, state + journalSuffix} {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(name)), b, 0o600))
	}
	return filepath.Join(dir, filepath.Base(state))
}

// crashAfterAddingVM adds a VM to a simulator with a state file and returns its id, a crash
// copy of the state file and the copy's journal.
func crashAfterAddingVM(t *testing.T, name string) (id, copied string, journal []byte) {
	t.Helper()
	state := filepath.Join(t.TempDir(), "inventory.json")
	e := newEnv(t, Options{StateFile: state})
	id = e.addVM(name)
	copied = crashCopy(t, state)
	journal, err := os.ReadFile(copied + journalSuffix)
	require.NoError(t, err)
	return id, copied, journal
}

// changeInventory makes changes of every journaled kind and returns the added VM's id and the
// removed one's.
func changeInventory(e *env) (added, removed string) {
	e.t.Helper()
	added = e.addVM("kept")
	e.ok("/vms/"+added+"/start", "")
	e.clock.Advance(delayTransferInit * 10) // the VM comes up (reported devices are rebuilt)
	r := e.do("PUT", "/vms/"+added, `<vm><description>after the crash</description></vm>`)
	require.Equal(e.t, http.StatusOK, r.status, r.body)
	removed = e.addVM("gone")
	r = e.do("DELETE", "/vms/"+removed, "")
	require.Equal(e.t, http.StatusOK, r.status, r.body)
	return added, removed
}

func checkInventory(t *testing.T, e *env, added, removed string) {
	t.Helper()
	assert.Equal(t, "kept", e.field("/vms/"+added, "name"))
	assert.Equal(t, "after the crash", e.field("/vms/"+added, "description"))
	assert.Equal(t, "up", e.status("/vms/"+added))
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/vms/"+removed, "").status)
	assert.NotEmpty(t, e.do("GET", "/vms/"+added+"/snapshots", "").doc(t).all("snapshot"))
}

func TestStateSurvivesACrash(t *testing.T) {
	state := filepath.Join(t.TempDir(), "inventory.json")
	e := newEnv(t, Options{StateFile: state})
	added, removed := changeInventory(e)
	events := len(e.do("GET", "/events", "").doc(t).all("event"))

	e2 := newEnv(t, Options{StateFile: crashCopy(t, state)})
	checkInventory(t, e2, added, removed)
	assert.Len(t, e2.do("GET", "/events", "").doc(t).all("event"), events)
	next := e2.addVM("next")
	assert.NotEqual(t, added, next)
}

func TestJournalIsCompactedWhenItGrows(t *testing.T) {
	state := filepath.Join(t.TempDir(), "inventory.json")
	e := newEnv(t, Options{StateFile: state})
	e.s.store.mu.Lock()
	e.s.store.j.limit = 1
	e.s.store.mu.Unlock()
	id := e.addVM("compacted")
	b, err := os.ReadFile(state + journalSuffix)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(b, []byte(`{"format":"ovirtsh-sim-journal/1","gen":2}`)), "compacted while running: %.60s", b)
	snap, err := os.ReadFile(state)
	require.NoError(t, err)
	assert.Contains(t, string(snap), `"journal_gen":2`)

	e2 := newEnv(t, Options{StateFile: crashCopy(t, state)})
	assert.Equal(t, "compacted", e2.field("/vms/"+id, "name"))
}

func TestJournalDamage(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(b []byte) []byte
		wantErr string // "" = starts, with the changes before the damage
		warn    string
	}{
		{"torn last record", func(b []byte) []byte { return append(b, `{"ops":[{"op":"put","path":"vms","ser`...) }, "", "torn record"},
		{"last record cut short", func(b []byte) []byte {
			start := bytes.LastIndexByte(b[:len(b)-1], '\n') + 1
			return b[:start+(len(b)-start)/2]
		}, "", "torn record"},
		{"corrupt record in the middle", func(b []byte) []byte {
			lines := bytes.SplitAfter(b, []byte("\n"))
			lines[1] = []byte("garbage\n")
			return bytes.Join(lines, nil)
		}, "line 2 is corrupt", ""},
		{"not a journal", func([]byte) []byte { return []byte("hello\n") }, "is not a simulator journal", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, copied, b := crashAfterAddingVM(t, "before")
			require.NoError(t, os.WriteFile(copied+journalSuffix, tt.damage(b), 0o600))

			var logs bytes.Buffer
			opts := Options{StateFile: copied, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			if tt.wantErr != "" {
				_, err := New(opts)
				require.Error(t, err)
				assert.Contains(t, err.Error(), copied+journalSuffix)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			e2 := newEnv(t, opts)
			assert.Contains(t, logs.String(), tt.warn)
			if !strings.Contains(tt.name, "cut") { // else the VM's own record may be the torn one
				assert.Equal(t, "before", e2.field("/vms/"+before, "name"))
			}
		})
	}
}

func TestStaleJournalIsIgnored(t *testing.T) {
	id, copied, old := crashAfterAddingVM(t, "kept")
	e2 := newEnv(t, Options{StateFile: copied})
	require.NoError(t, e2.s.Close())
	// a crash between writing the snapshot and emptying the journal leaves the old journal
	require.NoError(t, os.WriteFile(copied+journalSuffix, old, 0o600))
	var logs bytes.Buffer
	e3 := newEnv(t, Options{StateFile: copied, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	assert.Contains(t, logs.String(), "belongs to another snapshot")
	assert.Len(t, e3.do("GET", "/vms?search=name%3Dkept", "").doc(t).all("vm"), 1, id)
}

func TestStatePathIsCheckedAtStart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	tests := []struct{ name, path, msg string }{
		{"missing directory", filepath.Join(dir, "nosuch", "state.json"), "no such file or directory"},
		{"parent is a file", filepath.Join(file, "state.json"), "is not a directory"},
		{"path is a directory", dir, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{StateFile: tt.path})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.path)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
	t.Run("read-only directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root ignores directory permissions")
		}
		ro := t.TempDir()
		require.NoError(t, os.Chmod(ro, 0o500))
		t.Cleanup(func() { _ = os.Chmod(ro, 0o700) })
		_, err := New(Options{StateFile: filepath.Join(ro, "state.json")})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "not writable")
	})
}

// TestKilledSimulatorKeepsItsChanges kills a simulator process with SIGKILL right after a
// change was answered, and finds the change in the state after a restart.
func TestKilledSimulatorKeepsItsChanges(t *testing.T) {
	if state := os.Getenv("OVIRTSH_SIM_JOURNAL_CHILD"); state != "" {
		e := newEnv(t, Options{StateFile: state})
		added, removed := changeInventory(e)
		_, _ = os.Stdout.WriteString("changed " + added + " " + removed + "\n")
		select {} // wait for SIGKILL
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	state := filepath.Join(t.TempDir(), "inventory.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledSimulatorKeepsItsChanges$", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), "OVIRTSH_SIM_JOURNAL_CHILD="+state)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(out)
	var fields []string
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "changed" {
			fields = f
			break
		}
	}
	require.Len(t, fields, 3, "the child did not report its change")
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()

	e := newEnv(t, Options{StateFile: state})
	checkInventory(t, e, fields[1], fields[2])
}
