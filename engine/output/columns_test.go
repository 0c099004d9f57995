package output

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// TestDefaultColumnsExist checks every default column against the model, and that every
// struct type gets columns of some kind when it has a name or an id.
func TestDefaultColumnsExist(t *testing.T) {
	for name, cols := range defaultColumns {
		ti := types.Type(name)
		require.NotNil(t, ti, name)
		assert.NoError(t, checkColumns(ti, cols), name)
	}
	for key := range sizeMembers {
		owner, member, _ := cut(key)
		ti := types.Type(owner)
		require.NotNil(t, ti, key)
		mi := ti.Member(member)
		if assert.NotNil(t, mi, key) {
			assert.Equal(t, "Integer", mi.Type, key)
			assert.Equal(t, key, sizeKey(ti, mi), "sizes are keyed by the declaring type")
		}
	}
	for _, ti := range types.Types() {
		if ti.Kind == types.KindStruct && (ti.Member("id") != nil || ti.Member("name") != nil) {
			cols := DefaultColumns(ti)
			assert.NotEmpty(t, cols, ti.Name)
			assert.NoError(t, checkColumns(ti, cols), ti.Name)
		}
	}
	assert.Equal(t, []string{"name", "description", "phase", "id"}, DefaultColumns(types.Type("Backup")))
}

func cut(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == '.' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
