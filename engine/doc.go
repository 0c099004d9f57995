// Package engine is the Go client of the oVirt Engine REST API (version 4): a Connection that logs
// in through the engine's SSO, speaks HTTP with the API's headers, and reports failures as one error
// type, plus the service tree generated from the API model (zz_generated_services.go).
//
//	conn, err := engine.Connect(ctx, engine.Options{
//		URL:      "https://engine.example.com/ovirt-engine/api",
//		Username: "admin@internal",
//		Password: password,
//		CAFile:   "/etc/pki/ovirt-engine/ca.pem",
//	})
//	if err != nil { ... }
//	defer conn.Close(ctx)
//
// Every failure is an *Error; errors.As gives its Kind (auth, not found, connection, timeout,
// other), the HTTP status, the fault reason and detail, the method and the URL.
//
// Secrets (the password, SSO tokens, the Authorization header, the SSO form fields) never appear in
// errors, in the debug trace written to Options.Logger, or in the fmt and slog forms of Options and
// Connection.
//
// A Connection is safe for concurrent use: it keeps one pool of keep-alive connections, logs in again
// once when the engine answers 401 (however many requests see it), and honours the context of every
// call.
//
// Upload and Download move disk images in one call through image transfers and the imageio
// endpoints they point to (the transfer URL, else the proxy URL), with the connection's TLS
// settings; a failure cancels the transfer so that no disk stays locked, and is a *TransferError
// naming the step. ProbeImage tells raw from qcow2 and reads the virtual size.
//
// Import rule: engine imports engine/types, engine/internal/xmlstream and engine/internal/xmlcodec,
// never engine/sim.
package engine

// Version is the version of ovirtsh; requests carry it as User-Agent: ovirtsh/<Version>.
const Version = "0.1.0"
