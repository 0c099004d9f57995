package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy makes a Connection resend idempotent requests that failed on the way: the connection
// was refused, reset or closed before an answer, or the engine (or a proxy in front of it) answered
// 502, 503 or 504. The zero value never retries. POST (add and actions) is never retried.
type RetryPolicy struct {
	// MaxAttempts is the most times a request is sent, first attempt included; 0 and 1 mean no
	// retry.
	MaxAttempts int
	// Backoff is the wait before the first retry, doubled for each further one (with jitter);
	// 0 means 250ms. MaxBackoff caps the wait; 0 means 5s. A Retry-After header of a 503 is
	// honoured up to MaxBackoff.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Methods are the HTTP methods retried; nil means GET only. PUT and DELETE may be added:
	// they are idempotent, but a DELETE whose answer was lost is answered 404 when resent.
	Methods []string
}

const (
	defaultBackoff    = 250 * time.Millisecond
	defaultMaxBackoff = 5 * time.Second
)

func (p *RetryPolicy) validate() error {
	if p.MaxAttempts < 0 || p.Backoff < 0 || p.MaxBackoff < 0 {
		return configError("the Retry option has a negative value")
	}
	for _, m := range p.Methods {
		switch m {
		case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		default:
			return configError("the Retry option cannot retry %s requests: only GET, HEAD, PUT and DELETE are idempotent", m)
		}
	}
	return nil
}

// retries reports whether requests of method may be retried.
func (p *RetryPolicy) retries(method string) bool {
	if p.MaxAttempts <= 1 {
		return false
	}
	if p.Methods == nil {
		return method == http.MethodGet
	}
	return slices.Contains(p.Methods, method)
}

// retryStatus reports whether an answer with this status may be retried.
func retryStatus(code int) bool {
	return code == http.StatusBadGateway || code == http.StatusServiceUnavailable ||
		code == http.StatusGatewayTimeout
}

// backoff is the wait before retry number n (1 for the first retry): exponential, capped, with
// the upper half jittered; a Retry-After of resp (seconds) wins when it is within the cap.
func (p *RetryPolicy) backoff(n int, resp *http.Response) time.Duration {
	base, limit := p.Backoff, p.MaxBackoff
	if base == 0 {
		base = defaultBackoff
	}
	if limit == 0 {
		limit = defaultMaxBackoff
	}
	if resp != nil {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			if d := time.Duration(s) * time.Second; d <= limit {
				return d
			}
		}
	}
	d := base
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	return d/2 + rand.N(d/2+1)
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// String describes the policy.
func (p RetryPolicy) String() string {
	methods := "GET"
	if p.Methods != nil {
		methods = strings.Join(p.Methods, ",")
	}
	return fmt.Sprintf("{MaxAttempts: %d, Backoff: %s, MaxBackoff: %s, Methods: %s}",
		p.MaxAttempts, p.Backoff, p.MaxBackoff, methods)
}
