package ensure

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUndone: an action the engine refused leaves the actions done; success keeps it.
func TestUndone(t *testing.T) {
	r := &Result{Actions: []string{"add", "assign cluster c2"}}
	assert.NoError(t, r.undone(nil))
	assert.Equal(t, []string{"add", "assign cluster c2"}, r.Actions)
	refused := errors.New("409")
	assert.Equal(t, refused, r.undone(refused))
	assert.Equal(t, []string{"add"}, r.Actions)
	assert.Equal(t, refused, (&Result{}).undone(refused), "nothing to take back")
}
