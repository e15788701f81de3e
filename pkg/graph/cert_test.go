package graph

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestValidateCertificate(t *testing.T) {
	valid, expired := getCert(t, "valid"), getCert(t, "expired")
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalECPrivateKey(ecKey)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: ecDER}))
	corrupt := "-----BEGIN CERTIFICATE-----\nMIIBzzCCAXWgAwIBAgIUZm9v\n-----END CERTIFICATE-----\n"
	cases := []struct {
		name, cert, key string
		now             time.Time
		want            string // "" = valid
	}{
		{"PKCS#8 key apart", valid.certPEM, valid.pkcs8, now, ""},
		{"PKCS#1 key in the same PEM", valid.certPEM + valid.pkcs1, "", now, ""},
		{"empty", "", "", now, "CertificatePEM is required"},
		{"not PEM", "hello", valid.pkcs8, now, "CertificatePEM does not parse: no -----BEGIN CERTIFICATE----- block found"},
		{"corrupt certificate", corrupt, valid.pkcs8, now, "CertificatePEM does not parse: certificate 1:"},
		{"key not PEM", valid.certPEM, "hello", now, "PrivateKeyPEM does not parse"},
		{"no key", valid.certPEM, "", now, "PrivateKeyPEM is required"},
		{"expired", expired.certPEM, expired.pkcs8, now, "CertificatePEM expired on 2026-01-31 08:00 UTC"},
		{"not yet valid", valid.certPEM, valid.pkcs8, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "CertificatePEM is not valid before 2026-01-01 00:00 UTC"},
		{"other key", valid.certPEM, expired.pkcs8, now, "PrivateKeyPEM does not belong to the certificate"},
		{"two keys", valid.certPEM + valid.pkcs1, valid.pkcs8, now, "more than one private key"},
		{"encrypted key", valid.certPEM, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", now, "encrypted private key"},
		{"EC key", valid.certPEM, ecPEM, now, "need an RSA key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateCertificate(tc.cert, tc.key, tc.now)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !backend.IsDownstreamError(err) {
				t.Fatalf("err %v, want plugin error containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), valid.pkcs8[40:80]) || strings.Contains(err.Error(), valid.pkcs1[40:80]) {
				t.Errorf("key material in %v", err)
			}
		})
	}
}
