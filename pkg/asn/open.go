package asn

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// The shipped database: ip-location-db's asn CSVs (RouteViews, the RIRs' data
// via the NRO, and DB-IP's IP to ASN Lite, all CC BY 4.0), gzip-compressed.
var (
	//go:embed data/asn-ipv4.csv.gz
	shippedV4 []byte
	//go:embed data/asn-ipv6.csv.gz
	shippedV6 []byte
)

// Shipped facts, for health: the package version names its build date.
const (
	ShippedName = "shipped ip-location-db asn"
)

// ShippedBuilt is when the shipped data was built (the ip-location-db package
// version 2.3.2026061719).
var ShippedBuilt = time.Date(2026, 6, 17, 19, 0, 0, 0, time.UTC)

var shipped = sync.OnceValues(func() (*Table, error) {
	v4, c4, err := gunzip(bytes.NewReader(shippedV4), true)
	if err != nil {
		return nil, fmt.Errorf("the shipped ASN database: %w", err)
	}
	defer c4()
	v6, c6, err := gunzip(bytes.NewReader(shippedV6), true)
	if err != nil {
		return nil, fmt.Errorf("the shipped ASN database: %w", err)
	}
	defer c6()
	t, err := LoadCSV(context.Background(), v4, v6)
	if err != nil {
		return nil, fmt.Errorf("the shipped ASN database: %w", err)
	}
	return t, nil
})

// Shipped returns the database built into the plugin, parsed once per process
// (about a second) and shared by every data source.
func Shipped() (*Table, error) { return shipped() }

// Open loads an ASN database from path by content: a MaxMind DB, or a CSV (see
// LoadCSV); either may be gzip-compressed (name ending in .gz).
func Open(ctx context.Context, path string) (Resolver, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the ASN database: %w", err)
	}
	defer f.Close()
	r, closeGz, err := gunzip(f, strings.HasSuffix(strings.ToLower(path), ".gz"))
	if err != nil {
		return nil, fmt.Errorf("ASN database %s: %w", path, err)
	}
	defer closeGz()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("ASN database %s: %w", path, err)
	}
	if bytes.Contains(b[max(0, len(b)-128*1024):], []byte("\xab\xcd\xefMaxMind.com")) {
		return OpenMMDB(b, path)
	}
	t, err := LoadCSV(ctx, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("ASN database %s: %w", path, err)
	}
	return t, nil
}
