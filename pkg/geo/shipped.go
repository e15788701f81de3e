package geo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// shippedGz is ip-location-db's geo-whois-asn-country database (CC0, with data
// under CC BY 4.0 by the NRO; see NOTICE), compressed to half its size for git.
//
//go:embed data/geo-whois-asn-country.mmdb.gz
var shippedGz []byte

// ShippedName names the shipped database in health messages.
const ShippedName = "shipped ip-location-db geo-whois-asn-country"

var shipped = sync.OnceValues(func() (*MMDB, error) {
	gz, err := gzip.NewReader(bytes.NewReader(shippedGz))
	if err != nil {
		return nil, fmt.Errorf("the shipped geo database: %w", err)
	}
	b, err := io.ReadAll(gz)
	if err != nil {
		return nil, fmt.Errorf("the shipped geo database: %w", err)
	}
	return OpenMMDB(b, ShippedName)
})

// Shipped returns the database built into the plugin, decompressed once per
// process and shared by every data source.
func Shipped() (*MMDB, error) { return shipped() }
