package cli

import (
	"context"
	"crypto/rand"
	"net"
	"net/url"
	"os"
	"time"
)

// loopbackOnly reports whether the listen address host:port only accepts connections from this
// machine: localhost or a loopback address. An empty host or 0.0.0.0 listens on every address.
func loopbackOnly(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// randomPassword returns 26 base32 characters (130 bits) from crypto/rand, for a simulator that
// other machines reach.
func randomPassword() string { return rand.Text() }

// reachableURL returns the simulator's URL with a host that clients can use and that its
// certificate names: for a simulator listening on an unspecified address (0.0.0.0, ::), the
// machine's host name when it resolves to one of the machine's own non-loopback addresses, else
// the first such address (IPv4 first when preferV4), else 127.0.0.1. Other URLs are returned
// as they are.
func reachableURL(raw string, preferV4 bool) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsUnspecified() {
		return raw
	}
	u.Host = net.JoinHostPort(concreteHost(preferV4), u.Port())
	return u.String()
}

func concreteHost(preferV4 bool) string {
	own := ownAddresses(preferV4)
	if name, err := os.Hostname(); err == nil && name != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, name)
		cancel()
		if err == nil {
			for _, a := range addrs {
				for _, ip := range own {
					if a.IP.Equal(ip) {
						return name
					}
				}
			}
		}
	}
	if len(own) > 0 {
		return own[0].String()
	}
	return "127.0.0.1"
}

// ownAddresses lists the machine's global unicast addresses (no loopback, no link-local), IPv4
// ones first when preferV4.
func ownAddresses(preferV4 bool) []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var v4, v6 []net.IP
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || !n.IP.IsGlobalUnicast() {
			continue
		}
		if n.IP.To4() != nil {
			v4 = append(v4, n.IP)
		} else {
			v6 = append(v6, n.IP)
		}
	}
	if preferV4 {
		return append(v4, v6...)
	}
	return append(v6, v4...)
}
