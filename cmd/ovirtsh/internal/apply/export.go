package apply

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// kindOf reads a KIND argument of export: a kind's name, its plural, or either without
// underscores ("vms", "data_centers", "datacenters").
func kindOf(arg string) (string, error) {
	kinds := ensure.Kinds()
	var spellings []string
	for _, k := range kinds {
		for _, s := range []string{k, k + "s", strings.ReplaceAll(k, "_", ""), strings.ReplaceAll(k, "_", "") + "s"} {
			if strings.EqualFold(arg, s) {
				return k, nil
			}
		}
		spellings = append(spellings, k+"s")
	}
	return "", &UsageError{fmt.Sprintf("export: no kind '%s'%s; the kinds are %s", arg,
		suggest.DidYouMean(suggest.Nearest(arg, spellings, 3)), strings.Join(spellings, ", "))}
}

// export writes declarations for the existing objects of each kind, sorted by label: name, or
// the VM (cluster) and name of a NIC or snapshot (affinity group).
func export(ctx context.Context, conn *engine.Connection, w io.Writer, kinds []string, search string) error {
	var all []Resource
	for _, k := range kinds {
		rs, err := ensure.Export(ctx, conn, k, search)
		if err != nil {
			return err
		}
		kind, err := ensure.Lookup(k)
		if err != nil {
			return err
		}
		key := func(r Resource) string { return declLabel(r, ensure.ResourceName(kind, r.Spec)) } // "nic vm1/nic1"
		slices.SortStableFunc(rs, func(a, b Resource) int { return strings.Compare(key(a), key(b)) })
		all = append(all, rs...)
	}
	head := "-- ovirtsh export " + strings.Join(kinds, " ")
	if search != "" {
		head += " --search " + luaString(search)
	}
	fmt.Fprintf(w, "%s: %d declaration(s)\n-- ovirtsh apply FILE makes the engine match them; on the same engine it changes nothing\n", head, len(all))
	return writeDecls(w, all)
}
