package ensure_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

// TestSharedEnv: one Env resolves each referenced name once, also for declarations run
// concurrently.
func TestSharedEnv(t *testing.T) {
	e := start(t)
	gets := func(f func()) int {
		before := e.log.Len()
		f()
		n := 0
		for _, q := range e.log.Requests()[before:] {
			if q.Method == "GET" {
				n++
			}
		}
		return n
	}
	tag := func(name string) ensure.Resource {
		return ensure.Resource{Kind: "tag", Spec: ensure.Spec{"name": name, "parent": "prod"}}
	}
	env := ensure.NewEnv(e.conn, ensure.Options{})
	// A missing tag costs one list of the tags (they cannot be searched), its parent one more.
	first := gets(func() { _, err := env.Ensure(ctx(t), tag("a")); require.NoError(t, err) })
	assert.Equal(t, 2, first)
	second := gets(func() { _, err := env.Ensure(ctx(t), tag("b")); require.NoError(t, err) })
	assert.Equal(t, 1, second, "prod was resolved once")
	fresh := gets(func() { _, err := ensure.Ensure(ctx(t), e.conn, tag("c"), ensure.Options{}); require.NoError(t, err) })
	assert.Equal(t, 2, fresh)

	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { _, errs[i] = env.Ensure(ctx(t), tag(fmt.Sprintf("t%d", i))) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}
