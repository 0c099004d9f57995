package jsoncodec

import (
	"reflect"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

var timeType = reflect.TypeFor[time.Time]()

// metaOf returns the description of the generated struct type t, or nil.
func metaOf(t reflect.Type) *types.TypeInfo { return types.StructInfo(t) }
