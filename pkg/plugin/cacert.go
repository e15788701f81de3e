package plugin

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
)

// checkCABundle checks the extra trusted CA bundle as the ConfigEditor does
// (src/validation/certificates.ts): PEM certificates only, each parseable and
// valid now. An expired CA would fail every TLS handshake with a message about
// the proxy, not about this setting.
func checkCABundle(bundle string, now time.Time) error {
	if !strings.Contains(bundle, "-----BEGIN") {
		return errors.New("CA certificate is not PEM: paste the proxy's CA certificate starting with -----BEGIN CERTIFICATE-----")
	}
	rest := []byte(bundle)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if strings.Contains(block.Type, "PRIVATE KEY") {
			return errors.New("CA certificate text holds a private key: paste only the certificate here")
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Errorf("CA certificate: expected a CERTIFICATE block, found %s", block.Type)
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return fmt.Errorf("CA certificate block %d does not hold an X.509 certificate: copy it again, from BEGIN to END", n+1)
		}
		if err := caValidity(c, now); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return errors.New("CA certificate is not PEM: the block is damaged or has no matching -----END CERTIFICATE----- line")
	}
	return nil
}

func caValidity(c *x509.Certificate, now time.Time) error {
	name := "the CA certificate"
	if c.Subject.CommonName != "" {
		name = "CA certificate CN=" + c.Subject.CommonName
	}
	const layout = "2006-01-02 15:04:05 UTC"
	if now.After(c.NotAfter) {
		return fmt.Errorf("%s expired on %s: get the current CA certificate of the proxy and paste it here", name, c.NotAfter.UTC().Format(layout))
	}
	if now.Before(c.NotBefore) {
		return fmt.Errorf("%s is not valid before %s: check the certificate dates or this server's clock", name, c.NotBefore.UTC().Format(layout))
	}
	return nil
}
