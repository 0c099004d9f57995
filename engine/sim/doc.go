// Package sim is an in-memory oVirt engine that speaks the real REST protocol: SSO token and
// logout endpoints, Bearer-checked XML API requests under /ovirt-engine/api, the CA certificate
// at the engine's pki-resource URL, and a model-driven inventory with asynchronous status
// transitions. It plays for ovirtsh the role vcsim plays for vSphere: tests, demos and the CLI's
// embedded default run against it.
//
// Start a TLS server on a random loopback port with [Start]; use [Server.Handler] to serve it
// in-process. Time-dependent behaviour (status transitions, token expiry, added latency) runs on a
// [Clock]: real time by default, [NewFastClock] for quick tests and [NewManualClock] for
// deterministic ones.
//
// Import rule: sim imports engine/types and engine/internal/* but never package engine; only
// tests, engine/enginetest and cmd import sim.
package sim
