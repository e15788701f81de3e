package graph

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
	"time"
)

// ValidateCertificate checks a client certificate and its private key as the
// settings editor receives them: both parse, the key is RSA (PKCS#1 or PKCS#8,
// unencrypted), the key belongs to a certificate, and that certificate is valid at
// now. keyPEM may be empty when certPEM also holds the key. The error says what to
// fix and never contains key material.
func ValidateCertificate(certPEM, keyPEM string, now time.Time) error {
	_, _, err := parseCertificate(certPEM, keyPEM, now)
	return withSource(err)
}

// parseCertificate returns the chain with the key's certificate first, as MSAL
// expects, and the RSA key.
func parseCertificate(certPEM, keyPEM string, now time.Time) ([]*x509.Certificate, *rsa.PrivateKey, error) {
	if strings.TrimSpace(certPEM) == "" {
		return nil, nil, configError("CertificatePEM", "is required for certificate authentication: paste the PEM text starting with -----BEGIN CERTIFICATE-----")
	}
	certs, keys, err := decodePEM("CertificatePEM", certPEM)
	if err != nil {
		return nil, nil, err
	}
	if len(certs) == 0 {
		return nil, nil, configError("CertificatePEM", "does not parse: no -----BEGIN CERTIFICATE----- block found")
	}
	if strings.TrimSpace(keyPEM) != "" {
		_, more, err := decodePEM("PrivateKeyPEM", keyPEM)
		if err != nil {
			return nil, nil, err
		}
		if len(more) == 0 {
			return nil, nil, configError("PrivateKeyPEM", "does not parse: no -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block found")
		}
		keys = append(keys, more...)
	}
	key, err := singleKey(keys)
	if err != nil {
		return nil, nil, err
	}
	chain, err := leafFirst(certs, key)
	if err != nil {
		return nil, nil, err
	}
	return chain, key, checkValidity(chain[0], now)
}

// decodePEM splits text into certificates and RSA private keys, reporting the
// first block that does not parse.
func decodePEM(field, text string) ([]*x509.Certificate, []*rsa.PrivateKey, error) {
	var certs []*x509.Certificate
	var keys []*rsa.PrivateKey
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, nil, configError(field, fmt.Sprintf("does not parse: certificate %d: %v", len(certs)+1, err))
			}
			certs = append(certs, c)
		case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
			k, err := parseKey(field, block)
			if err != nil {
				return nil, nil, err
			}
			keys = append(keys, k)
		}
	}
	return certs, keys, nil
}

func parseKey(field string, block *pem.Block) (*rsa.PrivateKey, error) {
	if block.Type == "ENCRYPTED PRIVATE KEY" || strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
		return nil, configError(field, "holds an encrypted private key: export the key without a password (e.g. openssl pkey -in key.pem -out plain.pem)")
	}
	if block.Type == "EC PRIVATE KEY" {
		return nil, configError(field, "holds an EC key: Microsoft Entra certificate credentials here need an RSA key")
	}
	var key any
	var err error
	if block.Type == "PRIVATE KEY" {
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	} else {
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, configError(field, fmt.Sprintf("does not parse: private key: %v", err))
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, configError(field, fmt.Sprintf("holds a %T key: Microsoft Entra certificate credentials here need an RSA key", key))
	}
	return rk, nil
}

func singleKey(keys []*rsa.PrivateKey) (*rsa.PrivateKey, error) {
	switch len(keys) {
	case 0:
		return nil, configError("PrivateKeyPEM", "is required: paste the certificate's private key, or include it in CertificatePEM")
	case 1:
		return keys[0], nil
	}
	return nil, configError("PrivateKeyPEM", "holds more than one private key: keep only the certificate's key")
}

func leafFirst(certs []*x509.Certificate, key *rsa.PrivateKey) ([]*x509.Certificate, error) {
	for i, c := range certs {
		if pub, ok := c.PublicKey.(*rsa.PublicKey); ok && pub.Equal(&key.PublicKey) {
			chain := append([]*x509.Certificate{c}, certs[:i]...)
			return append(chain, certs[i+1:]...), nil
		}
	}
	return nil, configError("PrivateKeyPEM", "does not belong to the certificate: paste the key that was generated with this certificate")
}

func checkValidity(c *x509.Certificate, now time.Time) error {
	if now.After(c.NotAfter) {
		return configError("CertificatePEM", fmt.Sprintf("expired on %s: create a new certificate, upload it to the app registration and paste it here",
			c.NotAfter.UTC().Format("2006-01-02 15:04 UTC")))
	}
	if now.Before(c.NotBefore) {
		return configError("CertificatePEM", fmt.Sprintf("is not valid before %s: check the certificate dates or this server's clock",
			c.NotBefore.UTC().Format("2006-01-02 15:04 UTC")))
	}
	return nil
}
