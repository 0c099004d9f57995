package sim

import (
	"crypto/x509"
	"net"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCertificateNamesTheMachineOnEveryAddress: listening on an unspecified address, the server
// certificate covers the host name and every non-loopback address of the machine.
func TestCertificateNamesTheMachineOnEveryAddress(t *testing.T) {
	name, err := os.Hostname()
	require.NoError(t, err)
	addrs, err := net.InterfaceAddrs()
	require.NoError(t, err)
	for _, host := range []string{"0.0.0.0", "::", ""} {
		t.Run(host, func(t *testing.T) {
			c, err := newCerts(host, time.Now())
			require.NoError(t, err)
			leaf, err := x509.ParseCertificate(c.server.Certificate[0])
			require.NoError(t, err)
			for _, want := range []string{"localhost", "127.0.0.1", "::1", name} {
				assert.NoError(t, leaf.VerifyHostname(want))
			}
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					assert.NoError(t, leaf.VerifyHostname(n.IP.String()))
				}
			}
		})
	}
	c, err := newCerts("127.0.0.1", time.Now())
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(c.server.Certificate[0])
	require.NoError(t, err)
	assert.Equal(t, []string{"localhost"}, leaf.DNSNames, "a loopback simulator names only loopback")
}
