package term

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeNow is a clock the test moves.
type fakeNow struct{ t time.Time }

func (f *fakeNow) now() time.Time { return f.t }

func TestStatus(t *testing.T) {
	type step struct {
		update, done string
		redraw       bool
		after        time.Duration // the clock moves this much before the step
	}
	steps := []step{
		{update: "vm web1: wait_for_launch"},
		{update: "vm web1: powering_up", after: time.Second},
		{redraw: true, after: 11 * time.Second},
		{update: "vm web1: powering_up", after: time.Second},
		{update: "vm web1: up", after: time.Second},
		{done: "vm web1: up"},
		{update: "after done", after: time.Second},
		{done: "twice"},
	}
	tests := []struct {
		name  string
		tty   bool
		width int
		want  string
	}{
		{name: "terminal", tty: true, want: "\r⠙ vm web1: wait_for_launch (0s)\x1b[K" +
			"\r⠹ vm web1: powering_up (1s)\x1b[K" +
			"\r⠸ vm web1: powering_up (12s)\x1b[K" +
			"\r⠼ vm web1: powering_up (13s)\x1b[K" +
			"\r⠴ vm web1: up (14s)\x1b[K" +
			"\rvm web1: up (14s)\x1b[K\n"},
		{name: "narrow terminal", tty: true, width: 16, want: "\r⠙ vm web1: wai…\x1b[K" +
			"\r⠹ vm web1: pow…\x1b[K" +
			"\r⠸ vm web1: pow…\x1b[K" +
			"\r⠼ vm web1: pow…\x1b[K" +
			"\r⠴ vm web1: up …\x1b[K" +
			"\rvm web1: up (1…\x1b[K\n"},
		{name: "pipe", want: "vm web1: wait_for_launch (0s)\n" +
			"vm web1: powering_up (1s)\n" +
			"vm web1: up (14s)\n"}, // Done repeats no line already printed
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			clock := &fakeNow{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			s := NewStatus(&out, tc.tty)
			s.SetClock(clock.now)
			s.SetWidth(tc.width)
			for _, st := range steps {
				clock.t = clock.t.Add(st.after)
				switch {
				case st.redraw:
					s.Redraw()
				case st.done != "":
					s.Done(st.done)
				default:
					s.Update(st.update)
				}
			}
			assert.Equal(t, tc.want, out.String())
		})
	}
}

func TestStatusIgnoresControlCharacters(t *testing.T) {
	var out bytes.Buffer
	s := NewStatus(&out, true)
	s.Update("job \x1b[2Jevil\r\n: started")
	s.Done("done\x07")
	assert.Equal(t, "\r⠙ job [2Jevil: started (0s)\x1b[K\rdone (0s)\x1b[K\n", out.String())
}

func TestStatusAnimate(t *testing.T) {
	var out bytes.Buffer
	s := NewStatus(&out, true)
	tick := make(chan time.Time)
	stop := s.Animate(tick)
	tick <- time.Time{} // before the first Update: nothing to draw
	s.Update("vm web1: powering_up")
	tick <- time.Time{}
	tick <- time.Time{}
	stop()
	stop() // twice is fine
	assert.Equal(t, "\r⠙ vm web1: powering_up (0s)\x1b[K\r⠹ vm web1: powering_up (0s)\x1b[K\r⠸ vm web1: powering_up (0s)\x1b[K", out.String())
}

func TestFormatElapsed(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0s", 1499 * time.Millisecond: "1s", 59 * time.Second: "59s",
		65 * time.Second: "1m05s", time.Hour + 61*time.Second: "1h01m"} {
		assert.Equal(t, want, FormatElapsed(d), "%s", d)
	}
}

func TestWidth(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "notatty")
	require.NoError(t, err)
	defer f.Close()
	assert.Zero(t, Width(f))
}

// TestStatusAnimatesItselfOnATerminal: on a real terminal the line moves between updates, from
// the first Update until Done, which stops the ticks.
func TestStatusAnimatesItselfOnATerminal(t *testing.T) {
	tick := make(chan time.Time)
	stopped := make(chan struct{})
	newTicker = func() (<-chan time.Time, func()) { return tick, func() { close(stopped) } }
	t.Cleanup(func() {
		newTicker = func() (<-chan time.Time, func()) {
			tk := time.NewTicker(animateEvery)
			return tk.C, tk.Stop
		}
	})
	var out bytes.Buffer
	clock := &fakeNow{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} // still: the redraws run concurrently
	s := NewStatus(&out, true)
	s.animate = true // NewStatus sets it for an *os.File terminal only
	s.SetClock(clock.now)
	s.Update("vm web1: powering_up")
	tick <- time.Time{}
	tick <- time.Time{}
	tick <- time.Time{} // received once the second redraw is over; Done may come before its own
	s.Done("vm web1: done")
	<-stopped
	assert.Regexp(t, "^\r⠙ vm web1: powering_up \\(0s\\)\x1b\\[K\r⠹ vm web1: powering_up \\(0s\\)\x1b\\[K\r⠸ vm web1: powering_up \\(0s\\)\x1b\\[K"+
		"(\r⠼ vm web1: powering_up \\(0s\\)\x1b\\[K)?\rvm web1: done \\(0s\\)\x1b\\[K\n$", out.String())
	s.Update("after")
	assert.NotContains(t, out.String(), "after")
}

// TestStatusFinish: Finish keeps the last state as the final line (the spinner goes on a
// terminal, nothing is repeated elsewhere) and says text when no state was shown.
func TestStatusFinish(t *testing.T) {
	for _, tc := range []struct {
		tty     bool
		updates []string
		want    string
	}{
		{tty: true, updates: []string{"vm web1: up"}, want: "\r⠙ vm web1: up (0s)\x1b[K\rvm web1: up (0s)\x1b[K\n"},
		{updates: []string{"vm web1: powering_up", "vm web1: up"}, want: "vm web1: powering_up (0s)\nvm web1: up (0s)\n"},
		{want: "vm web1: done (0s)\n"},
		{tty: true, want: "\rvm web1: done (0s)\x1b[K\n"},
	} {
		var out bytes.Buffer
		s := NewStatus(&out, tc.tty)
		for _, u := range tc.updates {
			s.Update(u)
		}
		s.Finish("vm web1: done")
		s.Finish("twice")
		assert.Equal(t, tc.want, out.String())
	}
}
