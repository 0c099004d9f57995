package luabind

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressBar draws the progress of a transfer on one terminal line, at most ten times a
// second, and ends the line when the transfer is complete:
//
//	upload disk.img [==========>          ]  52%  133.1/256.0 MiB  88.7 MiB/s
type progressBar struct {
	w     io.Writer
	label string
	start time.Time // of the first update: the rate counts from there, not from the disk's creation
	base  int64     // bytes done at the first update
	last  time.Time
	now   func() time.Time
	ended bool
}

const barWidth = 24

func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label, now: time.Now}
}

func (p *progressBar) update(done, total int64) {
	now := p.now()
	if p.start.IsZero() {
		p.start, p.base = now, done
	}
	if p.ended || (done < total && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last = now
	frac := 1.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	filled := int(frac * barWidth)
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	rate := ""
	if secs := now.Sub(p.start).Seconds(); secs > 0 {
		rate = "  " + mib(int64(float64(done-p.base)/secs)) + " MiB/s"
	}
	fmt.Fprintf(p.w, "\r%s [%s] %3.0f%%  %s/%s MiB%s\x1b[K", p.label, bar, frac*100, mib(done), mib(total), rate)
	if done >= total {
		p.ended = true
		fmt.Fprintln(p.w)
	}
}

func mib(n int64) string { return fmt.Sprintf("%.1f", float64(n)/(1<<20)) }
