package engine

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// tlsConfig builds the TLS settings of the options: the trusted CAs (CAFile, CACerts, else the
// system's), the client certificate, or no verification at all when Insecure.
func tlsConfig(o *Options) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.Insecure {
		cfg.InsecureSkipVerify = true
	} else if o.CAFile != "" || len(o.CACerts) > 0 {
		pool := x509.NewCertPool()
		if o.CAFile != "" {
			pemData, err := os.ReadFile(o.CAFile)
			if err != nil {
				if errors.Is(err, os.ErrNotExist) {
					return nil, &Error{Kind: KindOther, Msg: fmt.Sprintf("the CA file %q doesn't exist", o.CAFile), Err: err}
				}
				return nil, &Error{Kind: KindOther, Msg: fmt.Sprintf("cannot read the CA file %q", o.CAFile), Err: err}
			}
			if err := addPEM(pool, pemData); err != nil {
				return nil, &Error{Kind: KindOther, Msg: fmt.Sprintf("the CA file %q is not usable", o.CAFile), Err: err}
			}
		}
		if len(o.CACerts) > 0 {
			if err := addPEM(pool, o.CACerts); err != nil {
				return nil, &Error{Kind: KindOther, Msg: "Options.CACerts is not usable", Err: err}
			}
		}
		cfg.RootCAs = pool
	}
	if o.ClientCertFile != "" {
		cert, err := tls.LoadX509KeyPair(o.ClientCertFile, o.ClientKeyFile)
		if err != nil {
			return nil, &Error{Kind: KindOther, Msg: fmt.Sprintf("cannot load the client certificate %q and key %q",
				o.ClientCertFile, o.ClientKeyFile), Err: err}
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

// addPEM adds every CERTIFICATE block of data to pool; it fails when a certificate does not
// parse or when there is none.
func addPEM(pool *x509.CertPool, data []byte) error {
	n := 0
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return fmt.Errorf("certificate %d: %w", n+1, err)
		}
		pool.AddCert(cert)
		n++
	}
	if n == 0 {
		return errors.New("no PEM certificate found")
	}
	return nil
}
