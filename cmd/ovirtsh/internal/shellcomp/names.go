package shellcomp

import (
	"context"
	"fmt"
	"reflect"
	"sort"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// maxNames bounds the names one completion lists.
const maxNames = 1000

// ListNames lists the names of the entities of the collection at the names path ("vms",
// "vms/web1/nics"), sorted, at most maxNames.
func ListNames(ctx context.Context, conn *engine.Connection, path string) ([]string, error) {
	coll, err := names.Collection(ctx, conn, path)
	if err != nil {
		return nil, err
	}
	v := reflect.ValueOf(coll)
	list := v.MethodByName("List")
	if !list.IsValid() || list.Type().NumIn() != 2 || list.Type().NumOut() != 2 {
		return nil, fmt.Errorf("%s has no list method", path)
	}
	params := reflect.New(list.Type().In(1).Elem())
	if f := params.Elem().FieldByName("Max"); f.IsValid() && f.Type() == reflect.TypeFor[*int64]() {
		f.Set(reflect.ValueOf(types.Ptr(int64(maxNames))))
	}
	out := list.Call([]reflect.Value{reflect.ValueOf(ctx), params})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	items := out[0]
	var got []string
	for i := 0; i < items.Len() && len(got) < maxNames; i++ {
		if n := types.NameOf(items.Index(i).Interface()); n != "" {
			got = append(got, n)
		}
	}
	sort.Strings(got)
	return got, nil
}
