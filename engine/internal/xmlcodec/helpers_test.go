package xmlcodec

import (
	"bytes"
	"io"
	"reflect"
	"testing"
	"unsafe"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type vmT = types.Vm

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// TestListShape: newList casts an xmlstream.ListShape to a types.List[T], which must have the
// same layout for every T.
func TestListShape(t *testing.T) {
	var s xmlstream.ListShape
	for _, l := range []any{types.List[types.Vm]{}, types.List[types.Nic]{}, types.List[types.Tag]{}} {
		v := reflect.TypeOf(l)
		require.Equal(t, unsafe.Sizeof(s), v.Size())
		require.Equal(t, 2, v.NumField())
		assert.Equal(t, unsafe.Offsetof(s.Href), v.Field(0).Offset)
		assert.Equal(t, reflect.TypeOf(s.Href), v.Field(0).Type)
		assert.Equal(t, unsafe.Offsetof(s.Items), v.Field(1).Offset)
		assert.Equal(t, reflect.Slice, v.Field(1).Type.Kind())
		assert.Equal(t, reflect.Pointer, v.Field(1).Type.Elem().Kind())
	}
}
