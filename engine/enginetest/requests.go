package enginetest

import (
	"context"
	"log/slog"
	"net/url"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine"
)

// RequestLog records the requests a connection sends through the connection's debug trace (so
// secrets are masked as in the trace): a test can check what was sent, or that nothing was.
type RequestLog struct {
	mu      sync.Mutex
	reqs    []Request
	changed chan struct{} // closed and replaced at each new request
}

// Request is one request of a RequestLog.
type Request struct {
	Method  string
	URI     string   // the path and the query: "/ovirt-engine/api/vms?max=1"
	Headers []string // "Name: value", sorted
	Body    string
}

// String is "METHOD URI".
func (r Request) String() string { return r.Method + " " + r.URI }

// WithRequestLog makes the connection of Start record its requests (the SSO login included) in l.
func WithRequestLog(l *RequestLog) Option {
	return WithConn(func(o *engine.Options) { o.Logger = slog.New(logHandler{l}) })
}

// Requests returns the requests recorded so far, oldest first.
func (l *RequestLog) Requests() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Request(nil), l.reqs...)
}

// Len is the number of requests recorded so far.
func (l *RequestLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

// Last is the last request recorded (the zero Request when there is none).
func (l *RequestLog) Last() Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.reqs) == 0 {
		return Request{}
	}
	return l.reqs[len(l.reqs)-1]
}

// Wait blocks until n requests are recorded (the signal that they are on their way) or ctx ends.
func (l *RequestLog) Wait(ctx context.Context, n int) error {
	for {
		l.mu.Lock()
		if len(l.reqs) >= n {
			l.mu.Unlock()
			return nil
		}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// logHandler is the slog handler of a RequestLog: it keeps the "http request" records.
type logHandler struct{ l *RequestLog }

func (h logHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h logHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h logHandler) WithGroup(string) slog.Handler            { return h }

func (h logHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "http request" {
		return nil
	}
	var req Request
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			req.Method = a.Value.String()
		case "url":
			req.URI = a.Value.String()
			if u, err := url.Parse(req.URI); err == nil {
				req.URI = u.RequestURI()
			}
		case "headers":
			req.Headers, _ = a.Value.Any().([]string)
		case "body":
			req.Body = a.Value.String()
		}
		return true
	})
	h.l.mu.Lock()
	h.l.reqs = append(h.l.reqs, req)
	if h.l.changed != nil {
		close(h.l.changed)
		h.l.changed = nil
	}
	h.l.mu.Unlock()
	return nil
}
