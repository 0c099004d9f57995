package ensure_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// TestOddValuesNeverPanicHandTuned declares every member of the hand-tuned kinds' types, and the
// members they read themselves, with values of every shape (in check mode, on existing and
// missing objects): each ends in a result or an error, never a panic, and sends no write.
func TestOddValuesNeverPanicHandTuned(t *testing.T) {
	e := start(t)
	e.must("snapshot", ensure.Spec{"vm": "vm2", "name": "s1"}, ensure.Options{})
	odd := []any{nil, "2GiB", int64(-1), 1.5, true, int32(3), []any{}, []any{nil, "x"},
		[]any{map[string]any{"name": "x"}}, []any{map[string]any{"name": "x", "size": "x"}},
		map[string]any{"id": "x"}, map[string]any{"nope": "x", "a.b": "x"}}
	own := []string{"nics", "disks", "tags", "initialization", "force", "size", "storage_domain", "mac", "vm",
		"data_center", "host", "state", "template", "cluster", "restore_memory", "root_password", ""}
	kinds := []struct {
		kind, typ, existing string
		base                ensure.Spec
	}{
		{"vm", "Vm", "vm1", ensure.Spec{}},
		{"disk", "Disk", "vm1_Disk1", ensure.Spec{}},
		{"disk", "Disk", "vm2_Disk1", ensure.Spec{"vm": "vm2"}},
		{"nic", "Nic", "nic1", ensure.Spec{"vm": "vm2"}},
		{"snapshot", "Snapshot", "s1", ensure.Spec{"vm": "vm2"}},
		{"host", "Host", "host1", ensure.Spec{}},
		{"storage_domain", "StorageDomain", "data1", ensure.Spec{}},
	}
	// the generic members are read by the framework (see TestOddValuesNeverPanic): fewer shapes
	few := []any{nil, int64(-1), []any{nil, "x"}, map[string]any{"nope": "x"}}
	for _, k := range kinds {
		for _, name := range []string{k.existing, "missing-one"} {
			for _, m := range append(types.Type(k.typ).MemberNames(), own...) {
				values := odd
				if !slices.Contains(own, m) {
					values = few
				}
				for _, v := range values {
					s := specWith(k.base)("name", name, m, v)
					require.NotPanics(t, func() {
						_, writes, _ := e.ensure(k.kind, s, ensure.Options{Check: true})
						require.Empty(t, writes, "%s %v", k.kind, s)
					}, "%s %v", k.kind, s)
				}
			}
		}
	}
}
