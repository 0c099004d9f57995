package sim

import (
	"net/http"
	"path"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inventoryIDs lists every entity id of a simulator in store order.
func inventoryIDs(t *testing.T, s *Server) []string {
	t.Helper()
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	var ids []string
	for _, p := range s.store.paths() {
		ids = append(ids, s.store.lookup(p).order...)
	}
	return ids
}

func TestEntityIDsAreRandomUnlessSeeded(t *testing.T) {
	tests := []struct {
		name   string
		a, b   uint64
		wantEq bool
	}{
		{"no seed", 0, 0, false},
		{"same seed", 42, 42, true},
		{"other seed", 42, 43, false},
		{"seed and none", 42, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ea, eb := newEnv(t, Options{Seed: tt.a}), newEnv(t, Options{Seed: tt.b})
			ia, ib := inventoryIDs(t, ea.s), inventoryIDs(t, eb.s)
			va, vb := ea.addVM("web1"), eb.addVM("web1")
			require.Greater(t, len(ia), 10)
			if tt.wantEq {
				assert.Equal(t, ia, ib)
				assert.Equal(t, va, vb, "ids handed out later are reproducible too")
				return
			}
			assert.NotEqual(t, va, vb)
			idsB := map[string]bool{}
			for _, id := range ib {
				idsB[id] = true
			}
			var shared []string
			for _, id := range ia {
				if idsB[id] && id != blankTemplateID && len(id) == 36 {
					shared = append(shared, id)
				}
			}
			assert.Empty(t, shared, "generated ids repeat across simulators")
		})
	}
}

func TestImageioTicketsAreRandomEvenWithSeed(t *testing.T) {
	ticketOf := func(e *env, diskID string) string {
		_, transferURL, proxyURL := e.startTransfer(diskID, "upload", "")
		require.Equal(t, path.Base(transferURL), path.Base(proxyURL))
		return path.Base(transferURL)
	}
	ea, eb := newEnv(t, Options{Seed: 7}), newEnv(t, Options{Seed: 7})
	da, db := ea.addDisk("d", "raw", 1<<20), eb.addDisk("d", "raw", 1<<20)
	require.Equal(t, da, db, "seeded ids are reproducible")
	ta, tb := ticketOf(ea, da), ticketOf(eb, db)
	assert.NotEqual(t, ta, tb, "a seeded simulator must not hand out a guessable ticket")
	assert.Len(t, ta, 36)
	assert.NotContains(t, inventoryIDs(t, ea.s), ta)

	// the next seeded id does not reveal the ticket either, and the ticket works
	next := ea.addDisk("d2", "raw", 1<<20)
	assert.NotEqual(t, ta, next)
	r := ea.data(http.MethodGet, ea.s.URL()[:len(ea.s.URL())-len(APIPath)]+ImagesPath+ta, nil, "Range", "bytes=0-511")
	assert.Equal(t, http.StatusPartialContent, r.status, r.body)
}

func TestRandomUUIDLayout(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := randomUUID()
		require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, id)
		require.False(t, seen[id])
		seen[id] = true
	}
}
