package transfer

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
)

// defaultInactivity bounds the silence of a data request when neither the transfer options nor
// Options.Timeout say how long to wait.
const defaultInactivity = time.Minute

// inactivityError is the cancellation cause of a data request that moved no byte for too long.
type inactivityError struct{ after time.Duration }

// Is makes errors.Is(err, context.DeadlineExceeded) true, as for the API's timeouts.
func (e *inactivityError) Is(target error) bool { return target == context.DeadlineExceeded }

func (e *inactivityError) Error() string {
	return fmt.Sprintf("imageio moved no data for %s (the transfer's inactivity timeout)", e.after)
}

// idleWatch cancels one data request when no byte crosses for its timeout: the timer restarts
// on every byte sent or received, and stops when the answer is closed.
type idleWatch struct {
	after  time.Duration
	timer  *time.Timer
	cancel context.CancelCauseFunc
}

// watch returns the context of one data request and its watch.
func watch(ctx context.Context, after time.Duration) (context.Context, *idleWatch) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &idleWatch{after: after, cancel: cancel}
	w.timer = time.AfterFunc(after, func() { cancel(&inactivityError{after}) })
	return ctx, w
}

func (w *idleWatch) kick() { w.timer.Reset(w.after) }

func (w *idleWatch) stop() {
	w.timer.Stop()
	w.cancel(nil)
}

// idleError is the error of a request that the watch cancelled, nil for any other.
func (d *imageio) idleError(ctx context.Context, method string) *engine.Error {
	ie, ok := context.Cause(ctx).(*inactivityError)
	if !ok {
		return nil
	}
	return &engine.Error{Kind: engine.KindTimeout, Method: method, URL: d.logURL, Msg: ie.Error(), Err: ie}
}

// watchedBody restarts the watch on every byte read, and stops it when closed. A read that the
// watch cut fails with the inactivity error.
type watchedBody struct {
	io.ReadCloser
	ctx    context.Context
	w      *idleWatch
	method string
	d      *imageio
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.w.kick()
	}
	if err != nil && err != io.EOF {
		if e := b.d.idleError(b.ctx, b.method); e != nil {
			return n, e
		}
	}
	return n, err
}

func (b *watchedBody) Close() error {
	err := b.ReadCloser.Close()
	b.w.stop()
	return err
}

// watchedUpload restarts the watch on every byte of a request body the transport reads.
type watchedUpload struct {
	r io.Reader
	w *idleWatch
}

func (u *watchedUpload) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if n > 0 {
		u.w.kick()
	}
	return n, err
}
