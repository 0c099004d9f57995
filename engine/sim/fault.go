package sim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Fault is an error the API answers with a <fault> document: the engine's reason (a short
// category such as "Operation Failed") and detail (what went wrong), with an HTTP status.
type Fault struct {
	Status int
	Reason string
	Detail string
}

func (f *Fault) Error() string {
	return fmt.Sprintf("%d %s: %s", f.Status, f.Reason, f.Detail)
}

// Reasons the engine puts in <fault><reason>.
const (
	reasonFailed     = "Operation Failed"
	reasonIncomplete = "Incomplete parameters"
)

func faultf(status int, reason, format string, args ...any) *Fault {
	return &Fault{Status: status, Reason: reason, Detail: fmt.Sprintf(format, args...)}
}

// notFound is the engine's 404 for a path or reference that names no entity.
func notFound(what string) *Fault {
	return faultf(http.StatusNotFound, reasonFailed, "Entity not found: %s", what)
}

// badRequest is a 400 "Operation Failed" with detail.
func badRequest(format string, args ...any) *Fault {
	return faultf(http.StatusBadRequest, reasonFailed, format, args...)
}

// conflict is a 409: the action is not possible in the entity's current state. The engine
// wraps such validation messages in brackets.
func conflict(format string, args ...any) *Fault {
	return faultf(http.StatusConflict, reasonFailed, "["+format+"]", args...)
}

// faultXML renders a fault document the way the engine does (detail, then reason).
func faultXML(f *Fault) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<fault>\n")
	if f.Detail != "" {
		b.WriteString("  <detail>" + escapeText(f.Detail) + "</detail>\n")
	}
	b.WriteString("  <reason>" + escapeText(f.Reason) + "</reason>\n</fault>\n")
	return []byte(b.String())
}

// writeFault sends f as the response.
func writeFault(w http.ResponseWriter, f *Fault) {
	body := faultXML(f)
	h := w.Header()
	h.Set("Content-Type", xmlContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(f.Status)
	_, _ = w.Write(body)
}

// writeHTMLError sends the kind of HTML page a proxy or servlet container produces, which
// clients must cope with (401 without a token, injected 502/503/504).
func writeHTMLError(w http.ResponseWriter, status int) {
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	body := "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + text +
		"</title>\n</head><body>\n<h1>" + http.StatusText(status) + "</h1>\n</body></html>\n"
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=iso-8859-1")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func escapeText(s string) string { return textEscaper.Replace(s) }

const xmlContentType = "application/xml;charset=UTF-8"
