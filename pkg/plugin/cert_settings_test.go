package plugin

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/graph"
)

// pemPair returns a self-signed certificate valid through 2027 and its PKCS#8 key.
func pemPair(t *testing.T) (cert, key string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "settings-test"},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	p8, _ := x509.MarshalPKCS8PrivateKey(k)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8}))
}

// TestCertificateSettings validates certificate settings with the Graph client's
// real parser: a combined PEM is accepted, a key of another certificate is a
// clear settings error.
func TestCertificateSettings(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cert, key := pemPair(t)
	_, otherKey := pemPair(t)
	tests := []struct {
		name    string
		secure  map[string]string
		wantErr string // empty: valid
	}{
		{"separate key", map[string]string{"clientCertificate": cert, "privateKey": key}, ""},
		{"certificate and key in one PEM", map[string]string{"clientCertificate": key + cert}, ""},
		{"key after the certificate", map[string]string{"clientCertificate": cert + key}, ""},
		{"key of another certificate", map[string]string{"clientCertificate": cert, "privateKey": otherKey}, "does not belong to the certificate"},
		{"combined PEM with a foreign key", map[string]string{"clientCertificate": cert + otherKey}, "does not belong to the certificate"},
		{"no key anywhere", map[string]string{"clientCertificate": cert}, "private key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			js := map[string]any{"mode": "tenant", "tenantId": tenantGUID, "clientId": clientGUID, "authType": "clientCertificate"}
			err := settingsFrom(t, js, tc.secure).Validate(now, graph.ValidateCertificate)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "PRIVATE KEY") || strings.Contains(err.Error(), key[40:80]) {
				t.Errorf("error shows key material: %v", err)
			}
		})
	}
}
