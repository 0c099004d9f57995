package sim

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// maxBody bounds request documents.
const maxBody = 64 << 20

// writeDoc answers with an XML document written by fn. The response streams: nothing is
// buffered beyond the writer's chunk.
func writeDoc(w http.ResponseWriter, r *http.Request, status int, fn func(xw *xmlstream.Writer)) {
	h := w.Header()
	h.Set("Content-Type", xmlContentType)
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	_, _ = bw.WriteString(xmlDecl)
	xw := xmlstream.NewWriter(bw)
	fn(xw)
	_ = xw.Flush()
	_ = bw.Flush()
}

// writeEntity answers with one rendered entity of type typeName.
func writeEntity(w http.ResponseWriter, r *http.Request, status int, typeName string, v any) {
	tag := types.Type(typeName).XMLName
	writeDoc(w, r, status, func(xw *xmlstream.Writer) { codecWrite(xw, typeName, tag, v) })
}

// writeList answers with a collection document of rendered entities.
func writeList(w http.ResponseWriter, r *http.Request, typeName string, items []any) {
	t := types.Type(typeName)
	writeDoc(w, r, http.StatusOK, func(xw *xmlstream.Writer) {
		xw.Begin(t.XMLPlural)
		for _, v := range items {
			codecWrite(xw, typeName, t.XMLName, v)
		}
		xw.End()
	})
}

// readDoc parses the request body as one typeName document (root element <xml_name>, or
// <action> for actions). An empty body gives a zero value when allowEmpty.
func readDoc(r *http.Request, typeName string, allowEmpty bool) (any, *Fault) {
	t := types.Type(typeName)
	body := bufio.NewReader(io.LimitReader(r.Body, maxBody))
	if _, err := body.Peek(1); err != nil {
		if allowEmpty {
			return types.New(typeName), nil
		}
		return nil, badRequest("Request body is empty; expected a <%s> document", t.XMLName)
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "xml") {
		return nil, faultf(http.StatusUnsupportedMediaType, reasonFailed,
			"Content type %q is not supported; send application/xml", ct)
	}
	xr := xmlstream.NewReader(body)
	name, err := xr.Root()
	if err != nil {
		return nil, badRequest("Malformed XML in request body: %v", err)
	}
	if string(name) != t.XMLName {
		return nil, badRequest("Expected a <%s> document, got <%s>", t.XMLName, name)
	}
	v, err := codecRead(typeName, xr)
	if err != nil {
		return nil, badRequest("Malformed <%s> document: %v", t.XMLName, err)
	}
	return v, nil
}

// writeEmpty answers with a status and no body (remove).
func writeEmpty(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Length", strconv.Itoa(0))
	w.WriteHeader(status)
}

// codecWrite writes v with the generated codec; a type without one is a programming error.
func codecWrite(xw *xmlstream.Writer, typeName, tag string, v any) {
	if err := xmlcodec.Write(xw, typeName, tag, v); err != nil {
		panic("sim: " + err.Error())
	}
}

func codecRead(typeName string, r *xmlstream.Reader) (any, error) { return xmlcodec.Read(typeName, r) }
