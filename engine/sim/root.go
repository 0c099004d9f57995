package sim

import (
	"net/http"
	"slices"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Product identity reported at the API root.
const (
	productName    = "oVirt Engine"
	productVendor  = "ovirt.org"
	productVersion = "4.6.1"
)

// root serves GET /ovirt-engine/api: links to every top-level collection (with their search
// forms), product info, special objects, summary counts, time and the user.
func (c *call) root() *Fault {
	c.st.mu.RLock()
	info := &types.ProductInfo{
		Name: types.Ptr(productName), Vendor: types.Ptr(productVendor),
		InstanceId: types.Ptr("5a1ad6c2-f0c5-4e3b-9f4e-0b5c5e7a0001"),
		Version: &types.Version{Major: types.Ptr(int64(4)), Minor: types.Ptr(int64(6)), Build: types.Ptr(int64(1)),
			Revision: types.Ptr(int64(0)), FullVersion: types.Ptr(productVersion + "-1.el9")},
	}
	special := &types.SpecialObjects{}
	if t, ok := c.st.lookup("templates").get(blankTemplateID); ok {
		special.BlankTemplate = refTo(t, "templates").(*types.Template)
	}
	if t, ok := c.st.lookup("tags").get(rootTagID); ok {
		special.RootTag = refTo(t, "tags").(*types.Tag)
	}
	summary := &types.ApiSummary{
		Vms:            c.summaryItem("vms", func(v any) bool { return vmActive(v.(*types.Vm)) }),
		Hosts:          c.summaryItem("hosts", func(v any) bool { return v.(*types.Host).GetStatus() == types.HostStatusUp }),
		Users:          c.summaryItem("users", func(any) bool { return true }),
		StorageDomains: c.summaryItem("storagedomains", func(v any) bool { return sdActive(c.st, v.(*types.StorageDomain)) }),
	}
	var user *types.User
	if u, ok := c.st.lookup("users").byName(adminUserName); ok {
		user = refTo(u, "users").(*types.User)
	}
	c.st.mu.RUnlock()

	root := node("System")
	var paths []string
	for p, l := range root.fixed {
		if n := node(l.Service); n.methods["list"] != nil || n.methods["get"] != nil {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	now := c.now
	writeDoc(c.w, c.r, http.StatusOK, func(xw *xmlstream.Writer) {
		xw.Begin("api")
		for _, p := range paths {
			writeLink(xw, p, hrefOf(p))
			if m := node(root.fixed[p].Service).methods["list"]; m != nil && m.Param("search") != nil {
				writeLink(xw, p+"/search", hrefOf(p)+"?search={query}")
			}
		}
		codecWrite(xw, "ProductInfo", "product_info", info)
		codecWrite(xw, "SpecialObjects", "special_objects", special)
		codecWrite(xw, "ApiSummary", "summary", summary)
		xw.ElementTime("time", now)
		if user != nil {
			codecWrite(xw, "User", "authenticated_user", user)
			codecWrite(xw, "User", "effective_user", user)
		}
		xw.End()
	})
	return nil
}

func writeLink(xw *xmlstream.Writer, rel, href string) {
	xw.Begin("link")
	xw.Attr("href", href)
	xw.Attr("rel", rel)
	xw.End()
}

func (c *call) summaryItem(path string, active func(any) bool) *types.ApiSummaryItem {
	var total, act int64
	if coll := c.st.lookup(path); coll != nil {
		for _, v := range coll.all() {
			total++
			if active(v) {
				act++
			}
		}
	}
	return &types.ApiSummaryItem{Total: types.Ptr(total), Active: types.Ptr(act)}
}
