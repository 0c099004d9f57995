package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// TestOddValuesNeverPanic declares every member of each kind's type with values of every shape
// (in check mode, on existing and missing objects): each ends in a result or an error, never a
// panic, and sends no write request.
func TestOddValuesNeverPanic(t *testing.T) {
	e := start(t)
	odd := []any{nil, "2GiB", int64(-1), 1.5, true, int32(3), []any{}, []any{nil, "x"},
		[]any{map[string]any{"name": "x"}}, map[string]any{"id": "x"}, map[string]any{"nope": "x", "a.b": "x"}}
	kinds := map[string]struct {
		typ  string
		base ensure.Spec
	}{
		"tag":            {"Tag", ensure.Spec{}},
		"data_center":    {"DataCenter", ensure.Spec{}},
		"cluster":        {"Cluster", ensure.Spec{}},
		"network":        {"Network", ensure.Spec{"data_center": "Default"}},
		"template":       {"Template", ensure.Spec{}},
		"affinity_group": {"AffinityGroup", ensure.Spec{"cluster": "Default"}},
		"permission":     {"Permission", ensure.Spec{"role": "UserRole", "user": "admin"}},
	}
	for kind, k := range kinds {
		members := append(types.Type(k.typ).MemberNames(), "vnic_profiles", "clusters", "vms", "hosts", "vm", "state", "")
		for _, name := range []string{"Default", "missing-one"} {
			for _, m := range members {
				for _, v := range odd {
					s := specWith(k.base)("name", name, m, v)
					require.NotPanics(t, func() {
						_, writes, _ := e.ensure(kind, s, ensure.Options{Check: true})
						require.Empty(t, writes, "%s %v", kind, s)
					}, "%s %v", kind, s)
				}
			}
		}
	}
}

// TestExportSeededInventory applies the export of the simulator's seeded inventory, kind by kind:
// nothing changes.
func TestExportSeededInventory(t *testing.T) {
	e := start(t)
	for _, kind := range []string{"tag", "data_center", "cluster", "network", "template"} {
		t.Run(kind, func(t *testing.T) {
			(&env{t: t, conn: e.conn, log: e.log}).exportRoundTrip(kind, "")
		})
	}
	rs, err := ensure.Export(ctx(t), e.conn, "template", "name=Blank")
	require.NoError(t, err)
	require.Equal(t, []ensure.Resource{{Kind: "template", Spec: ensure.Spec{"name": "Blank", "description": "Blank template",
		"memory": int64(1 << 30)}}}, rs)
	_, err = ensure.Export(ctx(t), e.conn, "tag", "name=prod")
	require.EqualError(t, err, "export tag: this collection cannot be searched: list it without a search")
}
