// Package apply is `ovirtsh apply` and `ovirtsh export`: a site file declares resources through
// ovirt.ensure.* (package engine/ensure); apply orders them by their references, prints the plan
// (ensure's check mode), then brings each one to its declared shape, independent ones in
// parallel over one connection. export writes declarations for existing objects, so that apply
// of an exported site changes nothing.
package apply
