package xmlcodec

import (
	"bytes"
	"io"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

type vmT = types.Vm

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
