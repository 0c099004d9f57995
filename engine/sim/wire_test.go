package sim

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// env is a simulator with a manual clock and a logged-in raw HTTP client.
type env struct {
	t     *testing.T
	s     *Server
	clock *ManualClock
	token string
}

func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	clock := NewManualClock(time.Time{})
	if opts.Clock == nil {
		opts.Clock = clock
	}
	s := startSim(t, opts)
	return &env{t: t, s: s, clock: clock, token: login(t, s)}
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   string
}

func (e *env) do(method, path, body string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.s.URL()+path, rd)
	require.NoError(e.t, err)
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Version", "4")
	req.Header.Set("Accept", "application/xml")
	req.Header.Set("Content-Type", "application/xml")
	resp, err := e.s.HTTPClient().Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// doc parses the body with encoding/xml (not our codec) into a tree.
func (r response) doc(t *testing.T) *xnode {
	t.Helper()
	n, err := parseX(r.body)
	require.NoError(t, err, r.body)
	return n
}

// xnode is a parsed XML element.
type xnode struct {
	Name     string
	Attrs    map[string]string
	Text     string
	Children []*xnode
}

func parseX(s string) (*xnode, error) {
	dec := xml.NewDecoder(strings.NewReader(s))
	var stack []*xnode
	var root *xnode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{Name: t.Name.Local, Attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(t)
			}
		}
	}
}

// get returns the first descendant along a slash path of element names ("cpu/topology/cores").
func (n *xnode) get(path string) *xnode {
	cur := n
	for _, seg := range strings.Split(path, "/") {
		var next *xnode
		for _, c := range cur.Children {
			if c.Name == seg {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// text returns the text of the element at path, or "".
func (n *xnode) text(path string) string {
	if c := n.get(path); c != nil {
		return strings.TrimSpace(c.Text)
	}
	return ""
}

// all returns the children named name.
func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	for _, c := range n.Children {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// link returns the href of <link rel=rel>.
func (n *xnode) link(rel string) string {
	for _, c := range n.all("link") {
		if c.Attrs["rel"] == rel {
			return c.Attrs["href"]
		}
	}
	return ""
}

// idOf returns the id of the first entity of a collection whose name is name.
func (e *env) idOf(coll, name string) string {
	e.t.Helper()
	r := e.do("GET", "/"+coll, "")
	require.Equal(e.t, http.StatusOK, r.status, r.body)
	for _, c := range r.doc(e.t).Children {
		if c.text("name") == name {
			return c.Attrs["id"]
		}
	}
	e.t.Fatalf("no %s named %s", coll, name)
	return ""
}

// field returns the text at path of the entity at api path p.
func (e *env) field(p, path string) string {
	e.t.Helper()
	r := e.do("GET", p, "")
	require.Equal(e.t, http.StatusOK, r.status, r.body)
	return r.doc(e.t).text(path)
}

// fault asserts a fault answer and returns its detail.
func (r response) fault(t *testing.T, status int) string {
	t.Helper()
	require.Equal(t, status, r.status, r.body)
	require.Contains(t, r.header.Get("Content-Type"), "application/xml")
	d := r.doc(t)
	require.Equal(t, "fault", d.Name, r.body)
	return d.text("detail")
}
