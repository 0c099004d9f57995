package sim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryReachableServiceAnswers walks the API from the root: every top-level collection,
// every seeded entity, and every sub-collection link it carries must answer its document (or
// 405 where the model has no such method), never a 404 or a 500.
func TestEveryReachableServiceAnswers(t *testing.T) {
	e := newEnv(t, Options{})
	root := e.do("GET", "", "").doc(t)
	seen := map[string]bool{}
	var visit func(href string, depth int)
	visit = func(href string, depth int) {
		if seen[href] || depth > 3 {
			return
		}
		seen[href] = true
		p := strings.TrimPrefix(href, APIPath)
		r := e.do("GET", p, "")
		if r.status == http.StatusMethodNotAllowed {
			return
		}
		require.Equal(t, http.StatusOK, r.status, "GET %s: %s", href, r.body)
		d := r.doc(t)
		rt, ok := resolve(strings.TrimPrefix(p, "/"))
		require.True(t, ok, href)
		last := rt.last()
		if last.id == "" && last.node.isCollection() {
			require.Equal(t, typeXMLPlural(last.node.elem), d.Name, href)
			for _, c := range d.Children {
				if h := c.Attrs["href"]; h != "" {
					visit(h, depth+1)
				}
			}
			return
		}
		for _, l := range d.all("link") {
			visit(l.Attrs["href"], depth+1)
		}
	}
	for _, l := range root.all("link") {
		if !strings.HasSuffix(l.Attrs["rel"], "/search") {
			visit(l.Attrs["href"], 0)
		}
	}
	assert.Greater(t, len(seen), 200, "the walk covers the inventory")
}

func typeXMLPlural(name string) string { return metaOf(name).info.XMLPlural }
