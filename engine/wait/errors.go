package wait

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
)

// Reason says why a wait failed.
type Reason uint8

// The reasons of an *Error.
const (
	// Timeout: the wanted state was not reached within Options.Timeout. The error also unwraps
	// to an *engine.Error of KindTimeout and to context.DeadlineExceeded.
	Timeout Reason = iota + 1
	// Failed: the object reached a status that means failure (a disk's "illegal", a job's
	// "failed"); see FailedStatuses.
	Failed
	// NotFound: the object did not exist when the wait began.
	NotFound
	// Removed: the object was removed while waiting for a status.
	Removed
)

// Error is a wait that ended without the wanted state. Check it with errors.As.
type Error struct {
	Reason  Reason
	What    string   // what was waited on: "VM 'web1'", "jobs of correlation id 6f1c…"
	Want    []string // the wanted statuses; empty when waiting for removal
	Last    string   // the last status seen, "" for none
	Elapsed time.Duration
	Timeout time.Duration // Options.Timeout, on a timeout
	Detail  string        // more about a failure (the failed job's description)
	Err     error         // the cause: the engine's 404, or an *engine.Error of KindTimeout
}

// Error names what was waited on, the wanted and the last status.
func (e *Error) Error() string {
	want := e.wanted()
	last := "none"
	if e.Last != "" {
		last = "'" + e.Last + "'"
	}
	var msg string
	switch e.Reason {
	case Timeout:
		msg = fmt.Sprintf("timed out after %s waiting for %s to be %s; last status: %s", e.Timeout, e.What, want, last)
	case Failed:
		msg = fmt.Sprintf("%s is %s while waiting for it to be %s", e.What, last, want)
	case NotFound:
		msg = fmt.Sprintf("%s was not found (waiting for it to be %s)", e.What, want)
	case Removed:
		msg = fmt.Sprintf("%s was removed while waiting for it to be %s; last status: %s", e.What, want, last)
	default:
		msg = fmt.Sprintf("waiting for %s failed", e.What)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return "wait: " + msg
}

func (e *Error) wanted() string {
	if len(e.Want) == 0 {
		return "gone"
	}
	q := make([]string, len(e.Want))
	for i, w := range e.Want {
		q[i] = "'" + w + "'"
	}
	return strings.Join(q, " or ")
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// timeoutError builds the Timeout error; its cause is an *engine.Error of KindTimeout so that
// code that maps engine errors (exit codes, Lua error kinds) treats it as any other timeout.
func timeoutError(what string, want []string, last string, elapsed, timeout time.Duration) *Error {
	e := &Error{Reason: Timeout, What: what, Want: want, Last: last, Elapsed: elapsed, Timeout: timeout}
	e.Err = &engine.Error{Kind: engine.KindTimeout, Msg: "wait timed out after " + timeout.String(), Err: context.DeadlineExceeded}
	return e
}
