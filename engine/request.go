package engine

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// newCall prepares an API request: the URL is the API URL, "/", path (relative to the API root,
// already escaped; "" is the root) and the query, form-encoded and sorted by name. Headers are the
// protocol's (Version, Accept, User-Agent, Content-Type with a body), then the connection-wide
// ones, then headers (a per-call header wins); All-Content: true is added when the query asks for
// all_content=true. The Authorization header is set when sending.
func (c *Connection) newCall(method, path string, query url.Values, headers map[string]string, body []byte) (*call, error) {
	u := c.endpoint(path)
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	h := c.header.Clone()
	if body != nil {
		h["Content-Type"] = []string{"application/xml"}
	}
	for name, value := range headers {
		if err := checkHeader(name, value); err != nil {
			err.Method, err.URL = method, RedactURL(u)
			return nil, err
		}
		h.Set(name, value)
	}
	if query.Get("all_content") == "true" && h.Get("All-Content") == "" {
		h["All-Content"] = []string{"true"}
	}
	return &call{method: method, url: u, logURL: RedactURL(u), header: h, body: body, api: true}, nil
}

// endpoint is the URL of a path relative to the API root.
func (c *Connection) endpoint(path string) string {
	if path = strings.TrimPrefix(path, "/"); path != "" {
		return c.apiURL + "/" + path
	}
	return c.apiURL
}

// withTimeout bounds ctx by Options.Timeout; the cause of its expiry is errRequestTimeout.
func (c *Connection) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.opts.Timeout > 0 {
		return context.WithTimeoutCause(ctx, c.opts.Timeout, errRequestTimeout)
	}
	return ctx, func() {}
}

// methodOK lists the methods API calls may use.
func methodOK(m string) bool {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodHead:
		return true
	}
	return false
}
