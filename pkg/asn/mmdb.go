package asn

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/oschwald/maxminddb-golang/v2"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
)

// MMDB resolves networks from a MaxMind GeoLite2-ASN / GeoIP2-ISP file or
// ip-location-db's asn MMDB, which share the field names.
type MMDB struct{ db *maxminddb.Reader }

type asnRecord struct {
	Number uint32 `maxminddb:"autonomous_system_number"`
	Org    string `maxminddb:"autonomous_system_organization"`
}

// OpenMMDB reads a MaxMind DB held in memory; name is for errors.
func OpenMMDB(b []byte, name string) (*MMDB, error) {
	db, err := maxminddb.OpenBytes(b)
	if err != nil {
		return nil, fmt.Errorf("%s is not a MaxMind DB (.mmdb) file: %w", name, err)
	}
	typ := strings.ToLower(db.Metadata.DatabaseType)
	if !strings.Contains(typ, "asn") && !strings.Contains(typ, "isp") {
		_ = db.Close()
		return nil, fmt.Errorf("%s is a %q database: use an ASN database (such as GeoLite2-ASN)", name, db.Metadata.DatabaseType)
	}
	return &MMDB{db: db}, nil
}

// Network implements Resolver.
func (m *MMDB) Network(ip netip.Addr) (Network, bool) {
	ip = ip.Unmap()
	if !geo.Public(ip) {
		return Network{}, false
	}
	var rec asnRecord
	if err := m.db.Lookup(ip).Decode(&rec); err != nil || rec.Number == 0 {
		return Network{}, false
	}
	return Network{ASN: rec.Number, Org: rec.Org}, true
}
