package enginetest

import (
	"context"
	"log/slog"
	"net/url"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine"
)

// RequestLog records the requests a connection sends, as "METHOD /path" (the URL path without
// the query), through the connection's debug trace: a test can check what was sent, or that
// nothing was.
type RequestLog struct {
	mu   sync.Mutex
	reqs []string
}

// WithRequestLog makes the connection of Start record its requests (the SSO login included) in l.
func WithRequestLog(l *RequestLog) Option {
	return WithConn(func(o *engine.Options) { o.Logger = slog.New(logHandler{l}) })
}

// Requests returns the requests recorded so far, oldest first.
func (l *RequestLog) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.reqs...)
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
	var method, path string
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			method = a.Value.String()
		case "url":
			path = a.Value.String()
			if u, err := url.Parse(path); err == nil {
				path = u.EscapedPath()
			}
		}
		return true
	})
	h.l.mu.Lock()
	h.l.reqs = append(h.l.reqs, method+" "+path)
	h.l.mu.Unlock()
	return nil
}
