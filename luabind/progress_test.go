package luabind

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgressBar(&out, "upload d.img")
	p.now = func() time.Time { return clock }
	steps := []struct {
		after     time.Duration
		done      int64
		want      string
		unchanged bool
	}{
		{done: 0, want: "\rupload d.img [>                       ]   0%  0.0/256.0 MiB\x1b[K"}, // the rate counts from here
		{after: time.Second, done: 64 << 20, want: "\rupload d.img [======>                 ]  25%  64.0/256.0 MiB  64.0 MiB/s\x1b[K"},
		{after: 50 * time.Millisecond, done: 70 << 20, unchanged: true}, // too soon to redraw
		{after: time.Second, done: 128 << 20, want: "\rupload d.img [============>           ]  50%  128.0/256.0 MiB  62.4 MiB/s\x1b[K"},
		{after: 10 * time.Millisecond, done: 256 << 20, want: "\rupload d.img [========================] 100%  256.0/256.0 MiB  124.3 MiB/s\x1b[K\n"},
		{after: time.Second, done: 256 << 20, unchanged: true}, // ended
	}
	for _, s := range steps {
		clock = clock.Add(s.after)
		out.Reset()
		p.update(s.done, 256<<20)
		if s.unchanged {
			assert.Empty(t, out.String())
			continue
		}
		assert.Equal(t, s.want, out.String())
	}
}
