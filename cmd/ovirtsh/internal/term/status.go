package term

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// spinner is the frames of the status line's spinner.
var spinner = []rune("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

// Status is a one-line live status, such as the state of what --wait waits for:
//
//	⠋ vm web1: powering_up (12s)
//
// On a terminal the line is rewritten in place (carriage return and erase-line) and Done
// leaves the final text on its own line; elsewhere (a pipe, a log) each change is a plain line
// of its own and nothing is rewritten. It is safe for concurrent use.
type Status struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	now   func() time.Time
	start time.Time // of the first Update: the elapsed time counts from there
	text  string    // of the last Update
	frame int
	width int // columns of the terminal; 0: unknown (the line is not cut)
	shown bool
	done  bool
	// animate: the spinner and the elapsed time move by themselves (a real terminal); stop
	// ends that, once started by the first Update.
	animate bool
	stop    func()
}

// animateEvery is how often the line of a real terminal is redrawn.
const animateEvery = 100 * time.Millisecond

// newTicker returns the ticks of the animation and the function that stops them (tests
// replace it).
var newTicker = func() (<-chan time.Time, func()) {
	t := time.NewTicker(animateEvery)
	return t.C, t.Stop
}

// NewStatus returns a status line writing to w; tty says whether w is a terminal. When w is
// that terminal (an *os.File), lines are cut to its width and, from the first Update to Done,
// the spinner turns and the elapsed time counts ten times a second.
func NewStatus(w io.Writer, tty bool) *Status {
	s := &Status{w: w, tty: tty, now: time.Now}
	if f, ok := w.(*os.File); ok && tty {
		s.width = Width(f)
		s.animate = true
	}
	return s
}

// SetWidth sets the terminal's width in columns, so that a long line is cut instead of wrapped
// (a wrapped line cannot be rewritten in place). See Width.
func (s *Status) SetWidth(columns int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.width = columns
}

// SetClock replaces the time source of the elapsed time (tests).
func (s *Status) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Update shows text as the current state. Off a terminal it prints a line only when the text
// changed.
func (s *Status) Update(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	if s.start.IsZero() {
		s.start = s.now()
	}
	text = stripControl(text)
	changed := text != s.text || !s.shown
	s.text = text
	if s.tty {
		s.frame++
		s.draw()
		if s.animate && s.stop == nil {
			tick, stopTicker := newTicker()
			stop := s.Animate(tick)
			s.stop = func() { stopTicker(); stop() }
		}
	} else if changed {
		fmt.Fprintf(s.w, "%s (%s)\n", text, s.elapsed())
	}
	s.shown = true
}

// Progress returns a function for wait.Options.Progress that shows "prefix: status".
func (s *Status) Progress(prefix string) func(status string, elapsed time.Duration) {
	return func(status string, _ time.Duration) { s.Update(prefix + ": " + status) }
}

// Redraw turns the spinner and refreshes the elapsed time of the line on a terminal; it does
// nothing elsewhere, before the first Update or after Done.
func (s *Status) Redraw() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.tty || !s.shown || s.done {
		return
	}
	s.frame++
	s.draw()
}

// Animate calls Redraw on every tick (time.NewTicker(100*time.Millisecond).C) until stop is
// called; stop returns once the last redraw has ended.
func (s *Status) Animate(tick <-chan time.Time) (stop func()) {
	quit, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		for {
			select {
			case <-quit:
				return
			case <-tick:
				s.Redraw()
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(quit) })
		<-ended
	}
}

// Done ends the status with text, kept on its own line with the elapsed time. Later calls do
// nothing.
func (s *Status) Done(text string) {
	s.mu.Lock()
	stop := s.stop
	defer func() {
		s.mu.Unlock()
		if stop != nil {
			stop() // after unlocking: a redraw in progress waits for mu
		}
	}()
	if s.done {
		stop = nil
		return
	}
	s.done = true
	if s.start.IsZero() {
		s.start = s.now()
	}
	text = stripControl(text)
	line := fmt.Sprintf("%s (%s)", text, s.elapsed())
	if s.tty {
		fmt.Fprintf(s.w, "\r%s\x1b[K\n", s.cut(line))
		return
	}
	if s.shown && text == s.text {
		return // off a terminal the line is printed already
	}
	fmt.Fprintln(s.w, line)
}

// Finish ends the line with its last state ("vm web1: up"), or with text when no state was
// shown: on a terminal the spinner goes and the line stays; elsewhere nothing is repeated.
func (s *Status) Finish(text string) {
	s.mu.Lock()
	if s.shown && !s.done {
		text = s.text
	}
	s.mu.Unlock()
	s.Done(text)
}

// draw writes the line on the terminal (mu held).
func (s *Status) draw() {
	line := fmt.Sprintf("%c %s (%s)", spinner[s.frame%len(spinner)], s.text, s.elapsed())
	fmt.Fprintf(s.w, "\r%s\x1b[K", s.cut(line))
}

// cut shortens line to the terminal's width less one column (writing the last column makes
// some terminals wrap), ending it with an ellipsis.
func (s *Status) cut(line string) string {
	if s.width < 2 || utf8.RuneCountInString(line) < s.width {
		return line
	}
	r := []rune(line)
	return string(r[:s.width-2]) + "…"
}

func (s *Status) elapsed() string { return FormatElapsed(s.now().Sub(s.start)) }

// FormatElapsed writes a duration the way the status line shows it: "12s", "3m05s", "2h01m".
func FormatElapsed(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// stripControl drops control characters from text that came from the engine, so that a
// status cannot move the cursor or change the terminal.
func stripControl(text string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, text)
}
