//go:build !linux

package term

// echoOff does nothing outside Linux: readline.ReadPassword turns the echo off once the prompt
// is shown.
func echoOff(uintptr) (func(), error) { return func() {}, nil }
